package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// scheduleResource is sparkplane_schedule: POST, GET, PUT and DELETE /api/v1/schedules. Pausing is the
// `paused` attribute (the PUT carries it).
type scheduleResource struct {
	client *client.Client
}

func NewScheduleResource() resource.Resource { return &scheduleResource{} }

var (
	_ resource.ResourceWithConfigure        = &scheduleResource{}
	_ resource.ResourceWithImportState      = &scheduleResource{}
	_ resource.ResourceWithConfigValidators = &scheduleResource{}
	_ resource.ResourceWithModifyPlan       = &scheduleResource{}
)

func (r *scheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_schedule"
}

func (r *scheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "A schedule that starts runs of a job: on a 5-field cron expression in a time zone, or every interval from " +
			"a start time. Each fire time starts at most one run, even with several control plane replicas. Deleting the job " +
			"deletes its schedules.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, Description: "The schedule's id, a UUID; the import id.", PlanModifiers: keep},
			"workspace": schema.StringAttribute{
				Computed: true, Description: "The workspace of its job.", PlanModifiers: keep,
			},
			"job_id": schema.StringAttribute{
				Required: true, Description: "The id of the job it starts (`sparkplane_job.x.id`). Changing it replaces the schedule.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"cron": schema.StringAttribute{
				Optional: true,
				Description: "A 5-field Unix cron expression (minute hour day-of-month month day-of-week), such as `30 2 * * *` " +
					"for 02:30 every day, or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`; read in `time_zone` (wall-clock " +
					"times across daylight-saving changes). Exactly one of `cron` and `interval`.",
				Validators: []validator.String{cronValidator()},
			},
			"time_zone": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "The IANA time zone of `cron`, such as `Europe/Berlin`; only with `cron`. Default `UTC`.",
				Validators:  []validator.String{timeZoneValidator()},
			},
			"interval": schema.StringAttribute{
				Optional:    true,
				Description: "An ISO-8601 duration in whole seconds between fire times, from `PT1M` to `P366D`, such as `PT15M` or `P1D`. Exactly one of `cron` and `interval`.",
				Validators:  []validator.String{intervalValidator()},
			},
			"start_at": schema.StringAttribute{
				Optional: true, Computed: true,
				Description: "With `interval`: the first fire time (RFC 3339); fire times are `start_at` plus whole intervals. Unset: the schedule's creation time.",
				Validators:  []validator.String{rfc3339Validator()},
			},
			"paused": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Whether the schedule is paused: it starts no runs and has no next fire times; resuming it goes on from " +
					"the next fire time after now (the paused ones are not made up). Default `false`.",
			},
			"catch_up": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("LAST"),
				Description: "What happens to fire times missed while no control plane replica was up (a fire time more than 60 s " +
					"late): `NONE` (skipped), `LAST` (one run for the latest) or `ALL` (a run for each, up to `max_catch_up_runs`). " +
					"Default `LAST`. Fire times while the schedule is paused are never made up: resuming it goes on from the next " +
					"fire time after now.",
				Validators: []validator.String{stringvalidator.OneOf("NONE", "LAST", "ALL")},
			},
			"max_catch_up_runs": schema.Int64Attribute{
				Optional: true, Computed: true,
				Description: "With `catch_up = \"ALL\"`: the most missed fire times that get a run, 1 to 100. Default 10.",
				Validators:  []validator.Int64{int64validator.Between(1, 100)},
			},
			"parameters": schema.MapAttribute{
				// sensitive as a whole: a value may be a secret (a password, a key) the job takes as a parameter
				ElementType: typesString, Optional: true, Sensitive: true,
				Description: "Values for the job's parameters in the runs it starts, overriding their defaults; each must be a parameter the job declares.",
			},
			"description": schema.StringAttribute{
				Optional: true, Description: "What the schedule is for.",
				Validators: []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"next_fire_times": schema.ListAttribute{
				ElementType: typesString, Computed: true,
				Description: "The next 5 fire times (RFC 3339) when it was last read; empty while paused.",
			},
			"created_at": schema.StringAttribute{Computed: true, Description: "When the schedule was created (RFC 3339).", PlanModifiers: keep},
			"updated_at": schema.StringAttribute{Computed: true, Description: "When the schedule was last changed (RFC 3339)."},
		},
	}
}

// ConfigValidators: a schedule fires on a cron expression or on an interval, each with its own settings.
func (r *scheduleResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("cron"), path.MatchRoot("interval")),
		resourcevalidator.Conflicting(path.MatchRoot("time_zone"), path.MatchRoot("interval")),
		resourcevalidator.Conflicting(path.MatchRoot("start_at"), path.MatchRoot("cron")),
	}
}

// ModifyPlan fills the defaults that depend on other attributes (time_zone, start_at, max_catch_up_runs), so
// that the plan shows what the control plane will answer.
func (r *scheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var config, plan scheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *scheduleModel
	if !req.State.Raw.IsNull() {
		state = &scheduleModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, scheduleDefaults(config, plan, state))...)
}

func (r *scheduleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *scheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan scheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateSchedule(ctx, scheduleRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create the schedule of job "+plan.JobID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, scheduleFromAPI(*created, plan))...)
}

func (r *scheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state scheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetSchedule(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		// deleted outside Terraform (or with its job): forget it, so that the plan creates it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read schedule "+state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, scheduleFromAPI(*found, state))...)
}

func (r *scheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan scheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.client.UpdateSchedule(ctx, plan.ID.ValueString(), scheduleRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not update schedule "+plan.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, scheduleFromAPI(*updated, plan))...)
}

func (r *scheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state scheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteSchedule(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not delete schedule "+state.ID.ValueString(), err))
	}
}

// ImportState takes the schedule's id (a UUID).
func (r *scheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
