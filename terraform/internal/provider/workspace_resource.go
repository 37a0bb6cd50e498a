package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// workspaceResource is sparkplane_workspace: POST, GET, PATCH (merge patch) and DELETE /api/v1/workspaces.
type workspaceResource struct {
	client *client.Client
}

func NewWorkspaceResource() resource.Resource { return &workspaceResource{} }

var (
	_ resource.ResourceWithConfigure   = &workspaceResource{}
	_ resource.ResourceWithImportState = &workspaceResource{}
)

func (r *workspaceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (r *workspaceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	quota := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional:    true,
			Description: what + " Unset is no limit.",
			Validators:  []validator.Int64{int64validator.Between(0, 1000000)},
		}
	}
	resp.Schema = schema.Schema{
		Description: "A Sparkplane workspace: the tenancy unit of runs, jobs, schedules and artifacts, with its own staging " +
			"location, allowed URI schemes, store profile and quotas. Needs an admin token. The staging location, schemes and " +
			"store profile are fixed at creation (changing them replaces the workspace); the name, default engine profile " +
			"and quotas change in place. A deleted workspace's id can be used again with the same staging location, store " +
			"profile and schemes (the workspace made again sees the old one's run history), not with others (409). Deleting " +
			"one is refused (409) while it has queued or running runs or saved jobs, and for `default`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Required:      true,
				Description:   "The workspace's id, a DNS label (1 to 63 lower-case letters, digits and dashes). Runs, jobs and artifacts name it. Changing it replaces the workspace.",
				Validators:    []validator.String{workspaceIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				Optional:    true,
				Description: "What people call the workspace, 1 to 200 printable characters. Unset is none.",
				Validators:  []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"staging_location": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "Where its artifacts, driver logs, event logs and outputs are kept: an `s3://`, `gs://`, `abfss://`, " +
					"`wasbs://` or `file://` prefix. Default: the control plane's staging location. Changing it replaces the workspace.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 2048)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
			},
			"allowed_schemes": schema.SetAttribute{
				ElementType: typesString,
				Optional:    true,
				Computed:    true,
				Description: "The URI schemes (`s3`, `gs`, `abfss`, `wasbs`, `https`) its runs may name for code and files besides " +
					"artifacts; each must be allowed by the control plane. Default: the control plane's `sparkplane.inputs.allowed-schemes`. " +
					"Changing it replaces the workspace.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace(), setplanmodifier.UseStateForUnknown()},
			},
			"store_profile": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The control plane's store settings (`sparkplane.store-profiles.<name>.*`) its staging, inputs and jobs' " +
					"own object store paths go through. Default: `default`, the control plane's `sparkplane.store.*`. Changing it replaces the workspace.",
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 63)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace(), stringplanmodifier.UseStateForUnknown()},
			},
			"default_backend": schema.StringAttribute{
				Optional:    true,
				Description: "The engine profile (such as `local` or `kubernetes`) of its runs that name none; an enabled one. Unset: the control plane's `sparkplane.default-backend`.",
				Validators:  []validator.String{backendValidator()},
			},
			"quotas": schema.SingleNestedAttribute{
				Optional:    true,
				Description: "What the workspace may use at once. A quota lowered below what it uses now stops new starts and growth; it stops nothing that runs.",
				Attributes: map[string]schema.Attribute{
					"max_active_runs": quota("Runs provisioning, running or cancelling at once; more wait in the queue."),
					"max_executors":   quota("Executors over its going runs; a run waits while its first executors would pass it, and the autoscaler never grows a run past it."),
					"max_queued_runs": quota("Runs waiting in the queue; a submit beyond it answers 429."),
				},
			},
			"created_at": schema.StringAttribute{
				Computed:      true,
				Description:   "When the workspace was created (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *workspaceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *workspaceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan workspaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateWorkspace(ctx, workspaceCreateRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create workspace "+plan.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, workspaceFromAPI(*created, plan))...)
}

func (r *workspaceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state workspaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetWorkspace(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		// deleted outside Terraform: forget it, so that the plan creates it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read workspace "+state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, workspaceFromAPI(*found, state))...)
}

func (r *workspaceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan workspaceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.client.UpdateWorkspace(ctx, plan.ID.ValueString(), workspacePatch(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not update workspace "+plan.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, workspaceFromAPI(*updated, plan))...)
}

func (r *workspaceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state workspaceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteWorkspace(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not delete workspace "+state.ID.ValueString(), err))
	}
}

// ImportState takes the workspace's id: `terraform import sparkplane_workspace.x analytics`.
func (r *workspaceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
