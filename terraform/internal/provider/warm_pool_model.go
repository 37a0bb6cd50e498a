package provider

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// warmPoolModel is sparkplane_warm_pool's state.
type warmPoolModel struct {
	Name           types.String `tfsdk:"name"`
	Workspace      types.String `tfsdk:"workspace"`
	Profile        types.String `tfsdk:"profile"`
	Size           types.Int64  `tfsdk:"size"`
	IdleTTL        types.String `tfsdk:"idle_ttl"`
	Workers        types.Int64  `tfsdk:"workers"`
	DriverCores    types.Int64  `tfsdk:"driver_cores"`
	DriverMemory   types.String `tfsdk:"driver_memory"`
	ExecutorCores  types.Int64  `tfsdk:"executor_cores"`
	ExecutorMemory types.String `tfsdk:"executor_memory"`
	Source         types.String `tfsdk:"source"`
}

// warmPoolRequest is the POST and PUT body for a planned pool: the whole definition (every attribute has a
// default in the schema, so the plan knows them all).
func warmPoolRequest(plan warmPoolModel) client.WarmPoolRequest {
	return client.WarmPoolRequest{
		Name:      plan.Name.ValueString(),
		Workspace: plan.Workspace.ValueString(),
		Profile:   plan.Profile.ValueString(),
		Size:      int64Pointer(plan.Size),
		IdleTTL:   stringPointer(plan.IdleTTL),
		Workers:   int64Pointer(plan.Workers),
		Resources: &client.WarmPoolResources{
			Driver:   &client.WarmPoolShape{Cores: int64Pointer(plan.DriverCores), Memory: stringPointer(plan.DriverMemory)},
			Executor: &client.WarmPoolShape{Cores: int64Pointer(plan.ExecutorCores), Memory: stringPointer(plan.ExecutorMemory)},
		},
	}
}

// warmPoolFromAPI is the state for the API's pool, given the prior state or plan (its zero value on import). The
// API answers the idle TTL as Java spells a duration (P1D as PT24H) and memory in lower case: a prior value
// that means the same is kept, so the state is what the configuration says.
func warmPoolFromAPI(api client.WarmPool, prior warmPoolModel) warmPoolModel {
	state := warmPoolModel{
		Name:           types.StringValue(api.Name),
		Workspace:      types.StringValue(api.Workspace),
		Profile:        types.StringValue(api.Profile),
		Size:           types.Int64Value(api.Size),
		IdleTTL:        types.StringValue(api.IdleTTL),
		Workers:        types.Int64Value(api.Workers),
		DriverCores:    types.Int64Null(),
		DriverMemory:   types.StringNull(),
		ExecutorCores:  types.Int64Null(),
		ExecutorMemory: types.StringNull(),
		Source:         types.StringValue(api.Source),
	}
	if seconds, ok := isoSeconds(api.IdleTTL); ok {
		if priorSeconds, priorOK := isoSeconds(prior.IdleTTL.ValueString()); priorOK && priorSeconds == seconds {
			state.IdleTTL = prior.IdleTTL
		}
	}
	if driver := api.Resources.Driver; driver != nil {
		state.DriverCores = types.Int64PointerValue(driver.Cores)
		state.DriverMemory = sameMemory(driver.Memory, prior.DriverMemory)
	}
	if executor := api.Resources.Executor; executor != nil {
		state.ExecutorCores = types.Int64PointerValue(executor.Cores)
		state.ExecutorMemory = sameMemory(executor.Memory, prior.ExecutorMemory)
	}
	return state
}

// sameMemory is the prior memory when it is the API's but for case, else the API's.
func sameMemory(api *string, prior types.String) types.String {
	if api != nil && !prior.IsNull() && !prior.IsUnknown() && strings.EqualFold(*api, prior.ValueString()) {
		return prior
	}
	return types.StringPointerValue(api)
}

var isoDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// isoSeconds is an ISO-8601 duration of days, hours, minutes and whole seconds (what the API takes for an
// idle TTL) in seconds; false for anything else.
func isoSeconds(value string) (int64, bool) {
	parts := isoDuration.FindStringSubmatch(strings.ToUpper(value))
	if parts == nil || value == "P" || strings.HasSuffix(strings.ToUpper(value), "T") {
		return 0, false
	}
	var seconds int64
	for i, unit := range []int64{86400, 3600, 60, 1} {
		if parts[i+1] == "" {
			continue
		}
		n, err := strconv.ParseInt(parts[i+1], 10, 64)
		if err != nil {
			return 0, false
		}
		seconds += n * unit
	}
	return seconds, true
}
