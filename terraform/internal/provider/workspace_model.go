package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// workspaceModel is sparkplane_workspace's state.
type workspaceModel struct {
	ID              types.String `tfsdk:"id"`
	DisplayName     types.String `tfsdk:"display_name"`
	StagingLocation types.String `tfsdk:"staging_location"`
	AllowedSchemes  types.Set    `tfsdk:"allowed_schemes"`
	StoreProfile    types.String `tfsdk:"store_profile"`
	DefaultBackend  types.String `tfsdk:"default_backend"`
	Quotas          *quotasModel `tfsdk:"quotas"`
	CreatedAt       types.String `tfsdk:"created_at"`
}

type quotasModel struct {
	MaxActiveRuns types.Int64 `tfsdk:"max_active_runs"`
	MaxExecutors  types.Int64 `tfsdk:"max_executors"`
	MaxQueuedRuns types.Int64 `tfsdk:"max_queued_runs"`
}

// workspaceCreateRequest is the POST body for a planned workspace; what the plan leaves unknown (a computed
// default) is left out for the control plane to fill in.
func workspaceCreateRequest(plan workspaceModel) client.CreateWorkspaceRequest {
	return client.CreateWorkspaceRequest{
		ID:              plan.ID.ValueString(),
		StagingLocation: stringPointer(plan.StagingLocation),
		AllowedSchemes:  stringsOfSet(plan.AllowedSchemes),
		StoreProfile:    stringPointer(plan.StoreProfile),
		DisplayName:     stringPointer(plan.DisplayName),
		DefaultBackend:  stringPointer(plan.DefaultBackend),
		Quotas:          quotasRequest(plan.Quotas),
	}
}

// workspacePatch is the merge patch that makes the workspace's changeable settings those of the plan: every
// one is sent, a null one as null (cleared; a null quota is no limit).
func workspacePatch(plan workspaceModel) map[string]any {
	var quotas any
	if plan.Quotas != nil {
		quotas = quotasRequest(plan.Quotas)
	}
	return map[string]any{
		"displayName":    stringPointer(plan.DisplayName),
		"defaultBackend": stringPointer(plan.DefaultBackend),
		"quotas":         quotas,
	}
}

func quotasRequest(quotas *quotasModel) *client.WorkspaceQuotas {
	if quotas == nil {
		return nil
	}
	return &client.WorkspaceQuotas{
		MaxActiveRuns: int64Pointer(quotas.MaxActiveRuns),
		MaxExecutors:  int64Pointer(quotas.MaxExecutors),
		MaxQueuedRuns: int64Pointer(quotas.MaxQueuedRuns),
	}
}

// workspaceFromAPI is the state for the API's workspace, given the prior state or plan (its zero value on
// import): quotas that are all unset stay null when the prior had none, and a staging location the control
// plane answers with a trailing "/" keeps the prior's spelling.
func workspaceFromAPI(api client.Workspace, prior workspaceModel) workspaceModel {
	state := workspaceModel{
		ID:              types.StringValue(api.ID),
		DisplayName:     types.StringPointerValue(api.DisplayName),
		StagingLocation: types.StringValue(api.StagingLocation),
		AllowedSchemes:  setOf(api.AllowedSchemes),
		StoreProfile:    types.StringValue(api.StoreProfile),
		DefaultBackend:  types.StringPointerValue(api.DefaultBackend),
		CreatedAt:       types.StringValue(api.CreatedAt),
	}
	if known := prior.StagingLocation; !known.IsNull() && !known.IsUnknown() &&
		strings.TrimSuffix(known.ValueString(), "/") == strings.TrimSuffix(api.StagingLocation, "/") {
		state.StagingLocation = known
	}
	quotas := api.Quotas
	if quotas.MaxActiveRuns != nil || quotas.MaxExecutors != nil || quotas.MaxQueuedRuns != nil || prior.Quotas != nil {
		state.Quotas = &quotasModel{
			MaxActiveRuns: types.Int64PointerValue(quotas.MaxActiveRuns),
			MaxExecutors:  types.Int64PointerValue(quotas.MaxExecutors),
			MaxQueuedRuns: types.Int64PointerValue(quotas.MaxQueuedRuns),
		}
	}
	return state
}
