package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// scheduleModel is sparkplane_schedule's state.
type scheduleModel struct {
	ID             types.String `tfsdk:"id"`
	Workspace      types.String `tfsdk:"workspace"`
	JobID          types.String `tfsdk:"job_id"`
	Cron           types.String `tfsdk:"cron"`
	TimeZone       types.String `tfsdk:"time_zone"`
	Interval       types.String `tfsdk:"interval"`
	StartAt        types.String `tfsdk:"start_at"`
	Paused         types.Bool   `tfsdk:"paused"`
	CatchUp        types.String `tfsdk:"catch_up"`
	MaxCatchUpRuns types.Int64  `tfsdk:"max_catch_up_runs"`
	Parameters     types.Map    `tfsdk:"parameters"`
	Description    types.String `tfsdk:"description"`
	NextFireTimes  types.List   `tfsdk:"next_fire_times"`
	CreatedAt      types.String `tfsdk:"created_at"`
	UpdatedAt      types.String `tfsdk:"updated_at"`
}

// The API's defaults, filled in by the plan so that it shows what the control plane will answer.
const (
	defaultTimeZone       = "UTC"
	defaultMaxCatchUpRuns = 10
)

// scheduleDefaults fills the plan's values that depend on other attributes, as the API does: time_zone is
// UTC for a cron schedule and none for an interval one; start_at of an interval schedule is its creation time
// (unknown until it is created, then kept: the update sends it back); max_catch_up_runs is 10 with catch_up
// ALL and none otherwise. config is the configuration, plan the plan so far, state the prior state (nil
// when creating); values given in config stay.
func scheduleDefaults(config, plan scheduleModel, state *scheduleModel) scheduleModel {
	if config.StartAt.IsNull() {
		switch {
		case plan.Cron.IsUnknown() || plan.Interval.IsUnknown():
			plan.StartAt = types.StringUnknown()
		case plan.Interval.IsNull():
			plan.StartAt = types.StringNull()
		case state != nil && !state.Interval.IsNull() && !state.StartAt.IsNull() && !state.StartAt.IsUnknown():
			plan.StartAt = state.StartAt
		default:
			plan.StartAt = types.StringUnknown()
		}
	}
	if config.TimeZone.IsNull() {
		switch {
		case plan.Cron.IsUnknown() || plan.Interval.IsUnknown():
			plan.TimeZone = types.StringUnknown()
		case !plan.Cron.IsNull():
			plan.TimeZone = types.StringValue(defaultTimeZone)
		default:
			plan.TimeZone = types.StringNull()
		}
	}
	if config.MaxCatchUpRuns.IsNull() {
		switch {
		case plan.CatchUp.IsUnknown():
			plan.MaxCatchUpRuns = types.Int64Unknown()
		case plan.CatchUp.ValueString() == "ALL":
			plan.MaxCatchUpRuns = types.Int64Value(defaultMaxCatchUpRuns)
		default:
			plan.MaxCatchUpRuns = types.Int64Null()
		}
	}
	return plan
}

func scheduleRequest(plan scheduleModel) client.ScheduleRequest {
	return client.ScheduleRequest{
		Job:            plan.JobID.ValueString(),
		Cron:           stringPointer(plan.Cron),
		TimeZone:       stringPointer(plan.TimeZone),
		Interval:       stringPointer(plan.Interval),
		StartAt:        stringPointer(plan.StartAt),
		Paused:         boolPointer(plan.Paused),
		CatchUp:        stringPointer(plan.CatchUp),
		MaxCatchUpRuns: int64Pointer(plan.MaxCatchUpRuns),
		Parameters:     stringMapOf(plan.Parameters),
		Description:    stringPointer(plan.Description),
	}
}

// scheduleFromAPI is the state for the API's schedule, given the prior state or plan (zero on import): a
// start time the API spells differently (`+00:00` for `Z`, more fraction digits) keeps the prior's spelling
// when it is the same instant, and parameters answered as {} stay null when the prior had none.
func scheduleFromAPI(api client.Schedule, prior scheduleModel) scheduleModel {
	state := scheduleModel{
		ID:             types.StringValue(api.ID),
		Workspace:      types.StringValue(api.Workspace),
		JobID:          types.StringValue(api.Job),
		Cron:           types.StringPointerValue(api.Cron),
		TimeZone:       types.StringPointerValue(api.TimeZone),
		Interval:       types.StringPointerValue(api.Interval),
		StartAt:        types.StringPointerValue(api.StartAt),
		Paused:         types.BoolValue(api.Paused),
		CatchUp:        types.StringValue(api.CatchUp),
		MaxCatchUpRuns: types.Int64PointerValue(api.MaxCatchUpRuns),
		Parameters:     optionalMap(api.Parameters, prior.Parameters),
		Description:    types.StringPointerValue(api.Description),
		NextFireTimes:  stringList(api.NextFireTimes),
		CreatedAt:      types.StringValue(api.CreatedAt),
		UpdatedAt:      types.StringValue(api.UpdatedAt),
	}
	if api.StartAt != nil && sameInstant(prior.StartAt, *api.StartAt) {
		state.StartAt = prior.StartAt
	}
	return state
}

// sameInstant tells whether a known RFC 3339 value names the same instant as the API's.
func sameInstant(value types.String, api string) bool {
	if value.IsNull() || value.IsUnknown() {
		return false
	}
	mine, err := time.Parse(time.RFC3339Nano, value.ValueString())
	if err != nil {
		return false
	}
	theirs, err := time.Parse(time.RFC3339Nano, api)
	return err == nil && mine.Equal(theirs)
}
