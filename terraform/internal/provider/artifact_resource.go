package provider

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// uploadTimeout is how long an upload may take unless the resource's timeouts block says otherwise.
const uploadTimeout = 20 * time.Minute

// artifactResource is sparkplane_artifact: a local file uploaded with POST /api/v1/artifacts. Artifacts are
// content-addressed, so the file's SHA-256 is computed at plan time (ModifyPlan): new content is a new
// artifact and the plan shows the replacement, with the new `ref` already known.
type artifactResource struct {
	client *client.Client
}

func NewArtifactResource() resource.Resource { return &artifactResource{} }

var (
	_ resource.ResourceWithConfigure   = &artifactResource{}
	_ resource.ResourceWithImportState = &artifactResource{}
	_ resource.ResourceWithModifyPlan  = &artifactResource{}
)

func (r *artifactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_artifact"
}

func (r *artifactResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "A local file (a job's code, a zip of Python modules, a jar, a data file) uploaded to a workspace's staging " +
			"as a content-addressed artifact, for jobs and runs to name by its `ref`. The file's SHA-256 is computed at plan " +
			"time: when the file's content changes, the plan replaces the artifact and shows the new `ref`. The API has no " +
			"delete for artifacts (the same bytes may serve other jobs and past runs), so destroying it only forgets it; the " +
			"bytes stay in staging.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:    true,
				Description: "`<workspace>/<sha256>/<name>`, also the import id.",
			},
			"workspace": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString("default"),
				Description:   "The workspace whose staging keeps it; its runs and jobs can name it. Default `default`. Changing it uploads the file to the other workspace (replaces it).",
				Validators:    []validator.String{workspaceIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"source": schema.StringAttribute{
				Required:    true,
				Description: "The local file to upload, read at plan time (for its hash) and at apply (for the upload). Use an absolute path or one built with `path.module`.",
				Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Description: "The file name runs see it under (`job.py`, `deps.zip`), the last part of `ref`: letters, digits and " +
					"`._+=-`. Default: the source's file name. Changing it uploads the same bytes under the new name in place.",
				Validators: []validator.String{stringvalidator.RegexMatches(artifactNameRegexp, "must be a file name of 1 to 255 letters, digits and ._+=-")},
			},
			"sha256": schema.StringAttribute{
				Computed:    true,
				Description: "The SHA-256 of the file's bytes (64 lower-case hex digits), computed at plan time; a change replaces the artifact.",
			},
			"size": schema.Int64Attribute{
				Computed:    true,
				Description: "The file's size in bytes.",
			},
			"ref": schema.StringAttribute{
				Computed:    true,
				Description: "What a job or run names to use it: `artifact:sha256:<sha256>/<name>`. Known at plan time.",
			},
			"uri": schema.StringAttribute{
				Computed:    true,
				Description: "Where the bytes are kept: `<staging>/artifacts/sha256/<sha256>`.",
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}

func (r *artifactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan hashes the source file so that the plan carries the artifact's sha256, size, ref and id, and
// replaces the artifact when its content changed.
func (r *artifactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan artifactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *artifactModel
	if !req.State.Raw.IsNull() {
		state = &artifactModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var config artifactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Source.IsUnknown() {
		// the file is not known until apply: assume new content
		plan.SHA256, plan.Size, plan.Ref, plan.URI, plan.ID = types.StringUnknown(), types.Int64Unknown(), types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
		if config.Name.IsNull() {
			plan.Name = types.StringUnknown()
		}
		if state != nil {
			resp.RequiresReplace.Append(path.Root("sha256"))
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	sha, size, err := fileDigest(plan.Source.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("source"), "Cannot read the artifact's file", err.Error())
		return
	}
	if config.Name.IsNull() {
		plan.Name = types.StringValue(filepath.Base(plan.Source.ValueString()))
	}
	plan.SHA256, plan.Size = types.StringValue(sha), types.Int64Value(size)
	name, known := plan.Name.ValueString(), !plan.Name.IsUnknown()
	plan.Ref, plan.ID = types.StringUnknown(), types.StringUnknown()
	if known {
		plan.Ref = types.StringValue(artifactRef(sha, name))
		if !plan.Workspace.IsUnknown() {
			plan.ID = types.StringValue(artifactID(plan.Workspace.ValueString(), sha, name))
		}
	}
	plan.URI = types.StringUnknown()
	if state != nil && state.SHA256.ValueString() == sha && state.Workspace.Equal(plan.Workspace) {
		plan.URI = state.URI
	} else if state != nil {
		resp.RequiresReplace.Append(path.Root("sha256"))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

func (r *artifactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan artifactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	limit, diags := plan.Timeouts.Create(ctx, uploadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.upload(ctx, limit, plan, &resp.State, &resp.Diagnostics)
}

func (r *artifactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state artifactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.Name.Equal(state.Name) {
		// only the path or the timeouts changed, the bytes are the same: nothing to send
		plan.URI = state.URI
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	limit, diags := plan.Timeouts.Update(ctx, uploadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// a new name: the same bytes uploaded again under it (the API stores nothing new)
	r.upload(ctx, limit, plan, &resp.State, &resp.Diagnostics)
}

func (r *artifactResource) upload(ctx context.Context, limit time.Duration, plan artifactModel, state *tfsdk.State, diagnostics *diag.Diagnostics) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	workspace, name := plan.Workspace.ValueString(), plan.Name.ValueString()
	uploaded, err := r.client.UploadArtifact(ctx, workspace, name, plan.Source.ValueString())
	if err != nil {
		diagnostics.Append(apiErrorDiagnostic(fmt.Sprintf("Could not upload %s to workspace %s", plan.Source.ValueString(), workspace), err))
		return
	}
	if !plan.SHA256.IsUnknown() && uploaded.SHA256 != plan.SHA256.ValueString() {
		diagnostics.AddAttributeError(path.Root("source"), "The artifact's file changed between plan and apply",
			fmt.Sprintf("The plan was made for content with SHA-256 %s, but %s now has SHA-256 %s (uploaded as %s). Plan and apply again.",
				plan.SHA256.ValueString(), plan.Source.ValueString(), uploaded.SHA256, uploaded.Ref))
		return
	}
	diagnostics.Append(state.Set(ctx, artifactFromAPI(*uploaded, name, plan))...)
}

func (r *artifactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state artifactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetArtifact(ctx, state.Workspace.ValueString(), state.SHA256.ValueString())
	if client.IsNotFound(err) || client.IsUnknownWorkspace(err) {
		// gone from the workspace's staging, or the workspace is gone: forget it, so that the plan uploads it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read artifact "+state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, artifactFromAPI(*found, state.Name.ValueString(), state))...)
}

// Delete forgets the artifact: the API keeps content-addressed bytes, which other jobs and past runs may name.
func (r *artifactResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// ImportState takes `<workspace>/<sha256>/<name>`; the source path is not known after an import, and the next
// apply records it (in place) when its file has that hash.
func (r *artifactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	workspace, sha, name, err := parseArtifactID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id for sparkplane_artifact", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("workspace"), workspace)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("sha256"), sha)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), name)...)
}
