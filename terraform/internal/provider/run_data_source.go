package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// runDataSource is the sparkplane_run data source: GET /api/v1/runs/{id}, the run as it is when read.
type runDataSource struct {
	client *client.Client
}

func NewRunDataSource() datasource.DataSource { return &runDataSource{} }

var _ datasource.DataSourceWithConfigure = &runDataSource{}

type runModel struct {
	ID             types.String `tfsdk:"id"`
	Workspace      types.String `tfsdk:"workspace"`
	Name           types.String `tfsdk:"name"`
	PythonFile     types.String `tfsdk:"python_file"`
	Jar            types.String `tfsdk:"jar"`
	MainClass      types.String `tfsdk:"main_class"`
	Args           types.List   `tfsdk:"args"`
	Backend        types.String `tfsdk:"backend"`
	Labels         types.Map    `tfsdk:"labels"`
	State          types.String `tfsdk:"state"`
	Reason         types.String `tfsdk:"reason"`
	Message        types.String `tfsdk:"message"`
	Attempt        types.Int64  `tfsdk:"attempt"`
	JobID          types.String `tfsdk:"job_id"`
	JobVersion     types.Int64  `tfsdk:"job_version"`
	ScheduleID     types.String `tfsdk:"schedule_id"`
	CreatedAt      types.String `tfsdk:"created_at"`
	QueuedAt       types.String `tfsdk:"queued_at"`
	ProvisioningAt types.String `tfsdk:"provisioning_at"`
	StartedAt      types.String `tfsdk:"started_at"`
	EndedAt        types.String `tfsdk:"ended_at"`
}

// runFromAPI is the data source's state for the API's run.
func runFromAPI(api client.Run) runModel {
	state := runModel{
		ID:             types.StringValue(api.ID),
		Workspace:      types.StringValue(api.Workspace),
		Name:           types.StringValue(api.Name),
		PythonFile:     types.StringPointerValue(api.Entrypoint.PythonFile),
		Jar:            types.StringPointerValue(api.Entrypoint.Jar),
		MainClass:      types.StringPointerValue(api.Entrypoint.MainClass),
		Args:           stringList(api.Args),
		Backend:        types.StringValue(api.Backend),
		Labels:         mapOf(&api.Labels),
		State:          types.StringValue(api.State),
		Reason:         types.StringPointerValue(api.Reason),
		Message:        types.StringPointerValue(api.Message),
		Attempt:        types.Int64Value(api.Attempt),
		JobID:          types.StringNull(),
		JobVersion:     types.Int64Null(),
		ScheduleID:     types.StringNull(),
		CreatedAt:      types.StringValue(api.CreatedAt),
		QueuedAt:       types.StringValue(api.QueuedAt),
		ProvisioningAt: types.StringPointerValue(api.ProvisioningAt),
		StartedAt:      types.StringPointerValue(api.StartedAt),
		EndedAt:        types.StringPointerValue(api.EndedAt),
	}
	if api.Labels == nil {
		state.Labels = mapOf(&map[string]string{})
	}
	if job := api.Job; job != nil {
		state.JobID = types.StringValue(job.ID)
		state.JobVersion = types.Int64Value(job.Version)
		state.ScheduleID = types.StringPointerValue(job.ScheduleID)
	}
	return state
}

func (d *runDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run"
}

func (d *runDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Description: "A run (one execution of a Spark application) as it is when read: its state, why it ended, and the job it was started from.",
		Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Required: true, Description: "The run's id, a UUID."},
			"workspace":   text("The workspace the run belongs to."),
			"name":        text("The run's name."),
			"python_file": text("The PySpark application it runs, when it runs one."),
			"jar":         text("The jar it runs, when it runs one."),
			"main_class":  text("The jar's main class."),
			"args":        schema.ListAttribute{ElementType: typesString, Computed: true, Description: "The arguments passed to the application."},
			"backend":     text("The engine profile that runs it."),
			"labels":      schema.MapAttribute{ElementType: typesString, Computed: true, Description: "The run's labels."},
			"state": text("`QUEUED`, `PROVISIONING`, `RUNNING`, `CANCELLING`, `SUCCEEDED`, `FAILED`, `CANCELLED` or `TIMED_OUT` " +
				"(the last four are terminal)."),
			"reason":          text("Why the run ended (`SUCCESS`, `USER_CODE_ERROR`, `CANCELLED_BY_USER`, ...); null until it is terminal."),
			"message":         text("A human-readable explanation of the state or reason, or null."),
			"attempt":         schema.Int64Attribute{Computed: true, Description: "The current attempt number, from 1."},
			"job_id":          text("The job it was started from; null for a run submitted on its own."),
			"job_version":     schema.Int64Attribute{Computed: true, Description: "The version of the job it was started from."},
			"schedule_id":     text("The schedule that started it, when one did."),
			"created_at":      text("When it was submitted (RFC 3339)."),
			"queued_at":       text("When it was last queued."),
			"provisioning_at": text("When its current attempt started provisioning, or null."),
			"started_at":      text("When its current attempt's application started, or null."),
			"ended_at":        text("When it became terminal, or null."),
		},
	}
}

func (d *runDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *runDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config runModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := d.client.GetRun(ctx, config.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read run "+config.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, runFromAPI(*found))...)
}
