package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// jobModel is sparkplane_job's state (and the sparkplane_job data source's): the job's own settings and its
// run template as typed attributes, one for each field of the template.
type jobModel struct {
	ID                types.String      `tfsdk:"id"`
	Workspace         types.String      `tfsdk:"workspace"`
	Name              types.String      `tfsdk:"name"`
	Description       types.String      `tfsdk:"description"`
	RunName           types.String      `tfsdk:"run_name"`
	PythonFile        types.String      `tfsdk:"python_file"`
	Jar               types.String      `tfsdk:"jar"`
	MainClass         types.String      `tfsdk:"main_class"`
	Args              types.List        `tfsdk:"args"`
	PyFiles           types.List        `tfsdk:"py_files"`
	Jars              types.List        `tfsdk:"jars"`
	Files             types.List        `tfsdk:"files"`
	Archives          types.List        `tfsdk:"archives"`
	SparkConf         types.Map         `tfsdk:"spark_conf"`
	Backend           types.String      `tfsdk:"backend"`
	Driver            *processModel     `tfsdk:"driver"`
	Executor          *processModel     `tfsdk:"executor"`
	Autoscaling       *autoscalingModel `tfsdk:"autoscaling"`
	TimeoutSeconds    types.Int64       `tfsdk:"timeout_seconds"`
	MaxRetries        types.Int64       `tfsdk:"max_retries"`
	RunLabels         types.Map         `tfsdk:"run_labels"`
	Parameters        []parameterModel  `tfsdk:"parameter"`
	MaxConcurrentRuns types.Int64       `tfsdk:"max_concurrent_runs"`
	ConcurrencyPolicy types.String      `tfsdk:"concurrency_policy"`
	Labels            types.Map         `tfsdk:"labels"`
	Version           types.Int64       `tfsdk:"version"`
	CreatedAt         types.String      `tfsdk:"created_at"`
	UpdatedAt         types.String      `tfsdk:"updated_at"`
}

type processModel struct {
	Cores  types.Int64  `tfsdk:"cores"`
	Memory types.String `tfsdk:"memory"`
}

type autoscalingModel struct {
	Policy       types.String `tfsdk:"policy"`
	MinExecutors types.Int64  `tfsdk:"min_executors"`
	MaxExecutors types.Int64  `tfsdk:"max_executors"`
}

type parameterModel struct {
	Name        types.String `tfsdk:"name"`
	Default     types.String `tfsdk:"default"`
	Description types.String `tfsdk:"description"`
}

// maskedValue is how the API shows a Spark conf value whose name looks like a secret's.
const maskedValue = "***"

// jobRequest is the POST/PUT body for a planned job: exactly what the configuration gives, nothing filled in,
// since the control plane keeps and echoes the template as given.
func jobRequest(plan jobModel) client.JobRequest {
	template := client.RunTemplate{
		Name:           stringPointer(plan.RunName),
		Args:           stringsOf(plan.Args),
		PyFiles:        stringsOf(plan.PyFiles),
		Jars:           stringsOf(plan.Jars),
		Files:          stringsOf(plan.Files),
		Archives:       stringsOf(plan.Archives),
		SparkConf:      stringMapOf(plan.SparkConf),
		Backend:        stringPointer(plan.Backend),
		TimeoutSeconds: int64Pointer(plan.TimeoutSeconds),
		MaxRetries:     int64Pointer(plan.MaxRetries),
		Labels:         stringMapOf(plan.RunLabels),
	}
	if entrypoint := (client.Entrypoint{PythonFile: stringPointer(plan.PythonFile), Jar: stringPointer(plan.Jar), MainClass: stringPointer(plan.MainClass)}); entrypoint != (client.Entrypoint{}) {
		template.Entrypoint = &entrypoint
	}
	if plan.Driver != nil || plan.Executor != nil {
		template.Resources = &client.Resources{Driver: processRequest(plan.Driver), Executor: processRequest(plan.Executor)}
	}
	if scaling := plan.Autoscaling; scaling != nil {
		template.Autoscaling = &client.Autoscaling{
			Policy:       stringPointer(scaling.Policy),
			MinExecutors: int64Pointer(scaling.MinExecutors),
			MaxExecutors: int64Pointer(scaling.MaxExecutors),
		}
	}
	request := client.JobRequest{
		Workspace:         plan.Workspace.ValueString(),
		Name:              plan.Name.ValueString(),
		Description:       stringPointer(plan.Description),
		Template:          template,
		MaxConcurrentRuns: int64Pointer(plan.MaxConcurrentRuns),
		ConcurrencyPolicy: stringPointer(plan.ConcurrencyPolicy),
		Labels:            stringMapOf(plan.Labels),
	}
	for _, parameter := range plan.Parameters {
		request.Parameters = append(request.Parameters, client.JobParameter{
			Name:        parameter.Name.ValueString(),
			Default:     stringPointer(parameter.Default),
			Description: stringPointer(parameter.Description),
		})
	}
	return request
}

func processRequest(process *processModel) *client.ProcessResources {
	if process == nil {
		return nil
	}
	return &client.ProcessResources{Cores: int64Pointer(process.Cores), Memory: stringPointer(process.Memory)}
}

// jobFromAPI is the state for the API's job, given the prior state or plan (its zero value on import or in the
// data source): labels the API answers as {} stay null when the prior had none, and a Spark conf value the API
// masks (`***`, a secret-looking name) keeps the prior's value.
func jobFromAPI(api client.Job, prior jobModel) jobModel {
	template := api.Template
	state := jobModel{
		ID:                types.StringValue(api.ID),
		Workspace:         types.StringValue(api.Workspace),
		Name:              types.StringValue(api.Name),
		Description:       types.StringPointerValue(api.Description),
		RunName:           types.StringPointerValue(template.Name),
		PythonFile:        types.StringNull(),
		Jar:               types.StringNull(),
		MainClass:         types.StringNull(),
		Args:              listOf(template.Args),
		PyFiles:           listOf(template.PyFiles),
		Jars:              listOf(template.Jars),
		Files:             listOf(template.Files),
		Archives:          listOf(template.Archives),
		SparkConf:         unmaskedConf(template.SparkConf, prior.SparkConf),
		Backend:           types.StringPointerValue(template.Backend),
		TimeoutSeconds:    types.Int64PointerValue(template.TimeoutSeconds),
		MaxRetries:        types.Int64PointerValue(template.MaxRetries),
		RunLabels:         mapOf(template.Labels),
		Parameters:        []parameterModel{},
		MaxConcurrentRuns: types.Int64Value(api.MaxConcurrentRuns),
		ConcurrencyPolicy: types.StringValue(api.ConcurrencyPolicy),
		Labels:            optionalMap(api.Labels, prior.Labels),
		Version:           types.Int64Value(api.Version),
		CreatedAt:         types.StringValue(api.CreatedAt),
		UpdatedAt:         types.StringValue(api.UpdatedAt),
	}
	if entrypoint := template.Entrypoint; entrypoint != nil {
		state.PythonFile = types.StringPointerValue(entrypoint.PythonFile)
		state.Jar = types.StringPointerValue(entrypoint.Jar)
		state.MainClass = types.StringPointerValue(entrypoint.MainClass)
	}
	if resources := template.Resources; resources != nil {
		state.Driver = processFromAPI(resources.Driver)
		state.Executor = processFromAPI(resources.Executor)
	}
	if scaling := template.Autoscaling; scaling != nil {
		state.Autoscaling = &autoscalingModel{
			Policy:       types.StringPointerValue(scaling.Policy),
			MinExecutors: types.Int64PointerValue(scaling.MinExecutors),
			MaxExecutors: types.Int64PointerValue(scaling.MaxExecutors),
		}
	}
	for _, parameter := range api.Parameters {
		state.Parameters = append(state.Parameters, parameterModel{
			Name:        types.StringValue(parameter.Name),
			Default:     types.StringPointerValue(parameter.Default),
			Description: types.StringPointerValue(parameter.Description),
		})
	}
	return state
}

func processFromAPI(process *client.ProcessResources) *processModel {
	if process == nil {
		return nil
	}
	return &processModel{Cores: types.Int64PointerValue(process.Cores), Memory: types.StringPointerValue(process.Memory)}
}

// unmaskedConf is a map of the API with each masked value (`***`) replaced by the prior's value of that key: a
// job's Spark conf, an engine profile's settings.
func unmaskedConf(conf *map[string]string, prior types.Map) types.Map {
	if conf == nil {
		return types.MapNull(types.StringType)
	}
	priorValues := stringMapOf(prior)
	values := make(map[string]string, len(*conf))
	for key, value := range *conf {
		if value == maskedValue && priorValues != nil {
			if known, ok := (*priorValues)[key]; ok {
				value = known
			}
		}
		values[key] = value
	}
	return mapOf(&values)
}
