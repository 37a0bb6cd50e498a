package client

import (
	"context"
	"net/url"
)

// JobParameter is a parameter a job's template names as {{name}}; without a default it must be given at run time.
type JobParameter struct {
	Name        string  `json:"name"`
	Default     *string `json:"default,omitempty"`
	Description *string `json:"description,omitempty"`
}

// JobRequest is the body of POST /api/v1/jobs and PUT /api/v1/jobs/{id} (the same shape).
type JobRequest struct {
	Workspace         string             `json:"workspace,omitempty"`
	Name              string             `json:"name"`
	Description       *string            `json:"description,omitempty"`
	Template          RunTemplate        `json:"template"`
	Parameters        []JobParameter     `json:"parameters,omitempty"`
	MaxConcurrentRuns *int64             `json:"maxConcurrentRuns,omitempty"`
	ConcurrencyPolicy *string            `json:"concurrencyPolicy,omitempty"`
	Labels            *map[string]string `json:"labels,omitempty"`
}

// Job is a saved run definition; Template is echoed as it was given.
type Job struct {
	ID                string            `json:"id"`
	Workspace         string            `json:"workspace"`
	Name              string            `json:"name"`
	Description       *string           `json:"description,omitempty"`
	Template          RunTemplate       `json:"template"`
	Parameters        []JobParameter    `json:"parameters"`
	MaxConcurrentRuns int64             `json:"maxConcurrentRuns"`
	ConcurrencyPolicy string            `json:"concurrencyPolicy"`
	Labels            map[string]string `json:"labels"`
	Version           int64             `json:"version"`
	CreatedAt         string            `json:"createdAt"`
	UpdatedAt         string            `json:"updatedAt"`
}

// JobPage is one page of GET /api/v1/jobs.
type JobPage struct {
	Items      []Job   `json:"items"`
	NextCursor *string `json:"nextCursor,omitempty"`
}

func jobPath(id string) string { return "/api/v1/jobs/" + url.PathEscape(id) }

func (c *Client) CreateJob(ctx context.Context, request JobRequest) (*Job, error) {
	var job Job
	return &job, c.postJSON(ctx, "/api/v1/jobs", request, &job)
}

func (c *Client) GetJob(ctx context.Context, id string) (*Job, error) {
	var job Job
	return &job, c.getJSON(ctx, jobPath(id), nil, &job)
}

// FindJob is the workspace's job of that name (GET /api/v1/jobs?workspace=..&name=..), or nil.
func (c *Client) FindJob(ctx context.Context, workspace, name string) (*Job, error) {
	var page JobPage
	if err := c.getJSON(ctx, "/api/v1/jobs", url.Values{"workspace": {workspace}, "name": {name}}, &page); err != nil {
		return nil, err
	}
	for _, job := range page.Items {
		if job.Name == name && job.Workspace == workspace {
			return &job, nil
		}
	}
	return nil, nil
}

// UpdateJob replaces the job's definition; a change makes a new version, an identical one none.
func (c *Client) UpdateJob(ctx context.Context, id string, request JobRequest) (*Job, error) {
	var job Job
	return &job, c.putJSON(ctx, jobPath(id), request, &job)
}

// DeleteJob deletes the job and its schedules (409 while it has runs that have not ended).
func (c *Client) DeleteJob(ctx context.Context, id string) error {
	return c.deleteJSON(ctx, jobPath(id))
}

// StartJobRequest is the body of POST /api/v1/jobs/{id}/runs.
type StartJobRequest struct {
	Version    *int64            `json:"version,omitempty"`
	Parameters map[string]string `json:"parameters,omitempty"`
}

// StartJob starts a run of the job (the acceptance tests make one this way).
func (c *Client) StartJob(ctx context.Context, id string, request StartJobRequest) (*Run, error) {
	var run Run
	return &run, c.postJSON(ctx, jobPath(id)+"/runs", request, &run)
}

// CancelRun asks a run to stop.
func (c *Client) CancelRun(ctx context.Context, id string) error {
	return c.postJSON(ctx, "/api/v1/runs/"+url.PathEscape(id)+"/cancel", nil, nil)
}
