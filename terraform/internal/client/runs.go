package client

import (
	"context"
	"net/url"
)

// Entrypoint is what a run runs: a Python file, or a jar with its main class.
type Entrypoint struct {
	PythonFile *string `json:"pythonFile,omitempty"`
	Jar        *string `json:"jar,omitempty"`
	MainClass  *string `json:"mainClass,omitempty"`
}

// ProcessResources are the cores and memory of the driver or of each executor.
type ProcessResources struct {
	Cores  *int64  `json:"cores,omitempty"`
	Memory *string `json:"memory,omitempty"`
}

// Resources are the driver's and each executor's shape.
type Resources struct {
	Driver   *ProcessResources `json:"driver,omitempty"`
	Executor *ProcessResources `json:"executor,omitempty"`
}

// Autoscaling is how many executors a run has over time.
type Autoscaling struct {
	Policy       *string `json:"policy,omitempty"`
	MinExecutors *int64  `json:"minExecutors,omitempty"`
	MaxExecutors *int64  `json:"maxExecutors,omitempty"`
}

// RunTemplate is a run's definition as POST /api/v1/runs takes it, without its workspace: a job's template.
// Every field is a pointer so that what was not given stays absent, and an empty list or map given stays
// given: the control plane echoes a job's template field for field.
type RunTemplate struct {
	Name           *string            `json:"name,omitempty"`
	Entrypoint     *Entrypoint        `json:"entrypoint,omitempty"`
	Args           *[]string          `json:"args,omitempty"`
	PyFiles        *[]string          `json:"pyFiles,omitempty"`
	Jars           *[]string          `json:"jars,omitempty"`
	Files          *[]string          `json:"files,omitempty"`
	Archives       *[]string          `json:"archives,omitempty"`
	SparkConf      *map[string]string `json:"sparkConf,omitempty"`
	Resources      *Resources         `json:"resources,omitempty"`
	Autoscaling    *Autoscaling       `json:"autoscaling,omitempty"`
	Backend        *string            `json:"backend,omitempty"`
	TimeoutSeconds *int64             `json:"timeoutSeconds,omitempty"`
	MaxRetries     *int64             `json:"maxRetries,omitempty"`
	Labels         *map[string]string `json:"labels,omitempty"`
}

// RunJob is the job a run was started from, when it was.
type RunJob struct {
	ID         string  `json:"id"`
	Version    int64   `json:"version"`
	ScheduleID *string `json:"scheduleId,omitempty"`
	FireTime   *string `json:"fireTime,omitempty"`
}

// Run is one execution, with every default filled in.
type Run struct {
	ID             string            `json:"id"`
	Workspace      string            `json:"workspace"`
	Name           string            `json:"name"`
	Entrypoint     Entrypoint        `json:"entrypoint"`
	Args           []string          `json:"args"`
	PyFiles        []string          `json:"pyFiles"`
	Jars           []string          `json:"jars"`
	Files          []string          `json:"files"`
	Archives       []string          `json:"archives"`
	SparkConf      map[string]string `json:"sparkConf"`
	Backend        string            `json:"backend"`
	TimeoutSeconds *int64            `json:"timeoutSeconds"`
	MaxRetries     int64             `json:"maxRetries"`
	Labels         map[string]string `json:"labels"`
	State          string            `json:"state"`
	Reason         *string           `json:"reason"`
	Message        *string           `json:"message"`
	Attempt        int64             `json:"attempt"`
	QueuedAt       string            `json:"queuedAt"`
	ProvisioningAt *string           `json:"provisioningAt"`
	StartedAt      *string           `json:"startedAt"`
	EndedAt        *string           `json:"endedAt"`
	CreatedAt      string            `json:"createdAt"`
	Job            *RunJob           `json:"job,omitempty"`
}

func (c *Client) GetRun(ctx context.Context, id string) (*Run, error) {
	var run Run
	return &run, c.getJSON(ctx, "/api/v1/runs/"+url.PathEscape(id), nil, &run)
}
