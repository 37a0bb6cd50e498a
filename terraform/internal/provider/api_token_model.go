package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// apiTokenModel is sparkplane_api_token's state.
type apiTokenModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	Role             types.String `tfsdk:"role"`
	Workspaces       types.Set    `tfsdk:"workspaces"`
	ExpiresInSeconds types.Int64  `tfsdk:"expires_in_seconds"`
	Description      types.String `tfsdk:"description"`
	Secret           types.String `tfsdk:"secret"`
	Prefix           types.String `tfsdk:"prefix"`
	CreatedAt        types.String `tfsdk:"created_at"`
	ExpiresAt        types.String `tfsdk:"expires_at"`
}

func apiTokenCreateRequest(plan apiTokenModel) client.CreateTokenRequest {
	return client.CreateTokenRequest{
		Name:             plan.Name.ValueString(),
		Role:             plan.Role.ValueString(),
		Workspaces:       stringsOfSet(plan.Workspaces),
		ExpiresInSeconds: int64Pointer(plan.ExpiresInSeconds),
		Description:      stringPointer(plan.Description),
	}
}

// apiTokenFromAPI is the state for the API's token, given the prior state (its zero value on import). The
// secret is in the API's answer to the create only: any other answer keeps the prior's, so a read never
// loses it (and an import has none). The expiry in seconds is not kept by the API; it is the distance from
// creation to expiry, which is what was asked for.
func apiTokenFromAPI(api client.Token, prior apiTokenModel) apiTokenModel {
	state := apiTokenModel{
		ID:               types.StringValue(api.ID),
		Name:             types.StringValue(api.Name),
		Role:             types.StringValue(api.Role),
		Workspaces:       optionalSet(api.Workspaces, prior.Workspaces),
		ExpiresInSeconds: types.Int64PointerValue(expiresInSeconds(api.CreatedAt, api.ExpiresAt)),
		Description:      types.StringPointerValue(api.Description),
		Secret:           prior.Secret,
		Prefix:           types.StringValue(api.Prefix),
		CreatedAt:        types.StringValue(api.CreatedAt),
		ExpiresAt:        types.StringPointerValue(api.ExpiresAt),
	}
	if api.Secret != "" {
		state.Secret = types.StringValue(api.Secret)
	} else if prior.Secret.IsUnknown() {
		state.Secret = types.StringNull()
	}
	if !prior.ExpiresInSeconds.IsNull() && !prior.ExpiresInSeconds.IsUnknown() && !state.ExpiresInSeconds.IsNull() {
		// the control plane may round the expiry; what was configured stays as configured within a second of it
		if diff := prior.ExpiresInSeconds.ValueInt64() - state.ExpiresInSeconds.ValueInt64(); diff >= -1 && diff <= 1 {
			state.ExpiresInSeconds = prior.ExpiresInSeconds
		}
	}
	return state
}

// expiresInSeconds is the whole seconds from createdAt to expiresAt, or nil when the token does not expire
// or a time is not RFC 3339.
func expiresInSeconds(createdAt string, expiresAt *string) *int64 {
	if expiresAt == nil {
		return nil
	}
	created, err := time.Parse(time.RFC3339Nano, createdAt)
	if err != nil {
		return nil
	}
	expires, err := time.Parse(time.RFC3339Nano, *expiresAt)
	if err != nil {
		return nil
	}
	seconds := int64(expires.Sub(created).Round(time.Second) / time.Second)
	return &seconds
}
