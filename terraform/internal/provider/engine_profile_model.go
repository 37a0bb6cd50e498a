package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// engineProfileModel is sparkplane_engine_profile's state, and the sparkplane_engine_profile data source's.
type engineProfileModel struct {
	Name        types.String `tfsdk:"name"`
	Type        types.String `tfsdk:"type"`
	Settings    types.Map    `tfsdk:"settings"`
	Description types.String `tfsdk:"description"`
	Source      types.String `tfsdk:"source"`
	// an object rather than a struct pointer: it is computed, so a plan holds it unknown
	Limits    types.Object `tfsdk:"limits"`
	Error     types.String `tfsdk:"error"`
	CreatedAt types.String `tfsdk:"created_at"`
	UpdatedAt types.String `tfsdk:"updated_at"`
}

// engineLimitsTypes are the attributes of `limits`.
var engineLimitsTypes = map[string]attr.Type{
	"max_concurrent_runs":   types.Int64Type,
	"max_executors_per_run": types.Int64Type,
}

// engineProfileRequest is the POST and PUT body for a planned profile: the whole definition, settings sent as
// {} when there are none (a PUT replaces them all).
func engineProfileRequest(plan engineProfileModel) client.EngineProfileRequest {
	settings := map[string]string{}
	if values := stringMapOf(plan.Settings); values != nil {
		settings = *values
	}
	return client.EngineProfileRequest{
		Name:        plan.Name.ValueString(),
		Type:        plan.Type.ValueString(),
		Settings:    settings,
		Description: stringPointer(plan.Description),
	}
}

// engineProfileFromAPI is the state for the API's profile, given the prior state or plan (its zero value on
// import): settings the API answers as {} stay null when the prior had none, and a setting the API masks
// (`***`, a secret given as a plain value) keeps the prior's value, as a job's masked Spark conf does.
func engineProfileFromAPI(api client.EngineProfile, prior engineProfileModel) engineProfileModel {
	state := engineProfileModel{
		Name:        types.StringValue(api.Name),
		Type:        types.StringValue(api.Type),
		Settings:    types.MapNull(types.StringType),
		Description: types.StringPointerValue(api.Description),
		Source:      types.StringValue(api.Source),
		Limits:      types.ObjectNull(engineLimitsTypes),
		Error:       types.StringPointerValue(api.Error),
		CreatedAt:   types.StringPointerValue(api.CreatedAt),
		UpdatedAt:   types.StringPointerValue(api.UpdatedAt),
	}
	if len(api.Settings) > 0 || !prior.Settings.IsNull() {
		settings := api.Settings
		if settings == nil {
			settings = map[string]string{}
		}
		state.Settings = unmaskedConf(&settings, prior.Settings)
	}
	if limits := api.Limits; limits != nil {
		state.Limits = types.ObjectValueMust(engineLimitsTypes, map[string]attr.Value{
			"max_concurrent_runs":   types.Int64Value(limits.MaxConcurrentRuns),
			"max_executors_per_run": types.Int64Value(limits.MaxExecutorsPerRun),
		})
	}
	return state
}
