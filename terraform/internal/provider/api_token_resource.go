package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// apiTokenResource is sparkplane_api_token: POST, GET and DELETE /api/v1/tokens. The API cannot change a token,
// so every change replaces it (a new secret).
type apiTokenResource struct {
	client *client.Client
}

func NewAPITokenResource() resource.Resource { return &apiTokenResource{} }

var (
	_ resource.ResourceWithConfigure   = &apiTokenResource{}
	_ resource.ResourceWithImportState = &apiTokenResource{}
)

func (r *apiTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_token"
}

func (r *apiTokenResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Description: "An API token of the control plane (needs an admin token to manage). Its `secret` is known only from the " +
			"create: it is kept in the state (sensitive) and never read again, and a token imported with `terraform import` has " +
			"none. The API cannot change a token, so any change replaces it with a new one (a new secret); destroying it revokes it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "The token's id, a UUID.",
				PlanModifiers: keep,
			},
			"name": schema.StringAttribute{
				Required:      true,
				Description:   "What the token is for, shown in lists and the audit; 1 to 100 characters.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 100)},
				PlanModifiers: replace,
			},
			"role": schema.StringAttribute{
				Required: true,
				Description: "`admin` (everything, in every workspace), `editor` (submit, cancel, upload, manage jobs and schedules " +
					"and read in its workspaces) or `viewer` (read in its workspaces).",
				Validators:    []validator.String{stringvalidator.OneOf("admin", "editor", "viewer")},
				PlanModifiers: replace,
			},
			"workspaces": schema.SetAttribute{
				ElementType: typesString,
				Optional:    true,
				Description: "The ids of the workspaces an `editor` or `viewer` token acts in (at least one); an `admin` token names none.",
				Validators: []validator.Set{
					setvalidator.SizeBetween(1, 100),
					setvalidator.ValueStringsAre(workspaceIDValidator()),
				},
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
			},
			"expires_in_seconds": schema.Int64Attribute{
				Optional:      true,
				Description:   "Seconds from creation until the token stops working, 1 to 316224000 (10 years). Unset: it never expires.",
				Validators:    []validator.Int64{int64validator.Between(1, 316224000)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"description": schema.StringAttribute{
				Optional:      true,
				Description:   "A longer note, at most 1000 characters.",
				Validators:    []validator.String{stringvalidator.LengthAtMost(1000)},
				PlanModifiers: replace,
			},
			"secret": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				Description: "The token's secret (`spk_...`), sent as `Authorization: Bearer <secret>`. Known only from the create; " +
					"null after an import.",
				PlanModifiers: keep,
			},
			"prefix": schema.StringAttribute{
				Computed:      true,
				Description:   "The secret's first characters (`spk_` and 8 more), to tell tokens apart.",
				PlanModifiers: keep,
			},
			"created_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the token was created (RFC 3339).",
				PlanModifiers: keep,
			},
			"expires_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the token stops working (RFC 3339); null when it never does.",
				PlanModifiers: keep,
			},
		},
	}
}

func (r *apiTokenResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *apiTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiTokenModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateToken(ctx, apiTokenCreateRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create API token "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, apiTokenFromAPI(*created, plan))...)
}

func (r *apiTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiTokenModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetToken(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		// revoked outside Terraform: forget it, so that the plan creates a new one
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read API token "+state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, apiTokenFromAPI(*found, state))...)
}

// Update is never called with a change (every attribute replaces the token), but the framework requires it.
func (r *apiTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan apiTokenModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *apiTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiTokenModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.RevokeToken(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not revoke API token "+state.ID.ValueString(), err))
	}
}

// ImportState takes the token's id; the secret is not known after an import (the API shows it once).
func (r *apiTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
