package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// engineProfileResource is sparkplane_engine_profile: POST, GET, PUT and DELETE /api/v1/engine-profiles, for
// the profiles made through the API (those of the configuration cannot be changed through it).
type engineProfileResource struct {
	client *client.Client
}

func NewEngineProfileResource() resource.Resource { return &engineProfileResource{} }

var (
	_ resource.ResourceWithConfigure   = &engineProfileResource{}
	_ resource.ResourceWithImportState = &engineProfileResource{}
)

func (r *engineProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_engine_profile"
}

// engineProfileDescriptions are the descriptions the resource and the data source share.
var engineProfileDescriptions = map[string]string{
	"settings": "The type's settings by key, as `sparkplane.backends.<profile>.<key>` takes them but without that prefix " +
		"(for `local`: `max-concurrent-runs`, `max-executors-per-run`, `python`, `spark-home`, `decommission-timeout`, " +
		"`engine-api-url`; not `type` or `enabled`), " +
		"values as strings. A secret setting should be a reference (`env:NAME`, `file:/path`) read by the replica that uses it; " +
		"one given as a plain value is shown as `***` by the API (the state keeps the configured value; an import cannot know it).",
	"source": "`api` for a profile made through the API; `configuration` for one of the control plane's configuration " +
		"(`sparkplane.backends.*`), which the API cannot change.",
	"limits":                "What the profile allows, from its settings; null while it cannot take runs (see `error`).",
	"max_concurrent_runs":   "Runs with an engine cluster on the profile at once; more wait `QUEUED`.",
	"max_executors_per_run": "The most executors one run on it may ask for.",
	"error":                 "Why the profile cannot take runs now (its type's module is gone, its settings no longer configure); null when it can.",
	"created_at":            "When the profile was made (RFC 3339); null for one of the configuration.",
	"updated_at":            "When the profile last changed (RFC 3339); null for one of the configuration.",
}

func (r *engineProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := engineProfileDescriptions
	resp.Schema = schema.Schema{
		Description: "An engine profile made through the API: a backend type and its settings that runs, jobs and workspaces " +
			"name as their `backend`, as a `sparkplane.backends.<profile>.*` profile of the configuration is. Needs an admin token. " +
			"Every replica takes a change within a few seconds; runs going on are adopted by the profile's new backend. " +
			"Changing the name or the type replaces it. Deleting it is refused (409) while runs on it have not ended or a " +
			"workspace runs on it by default. The configuration's profiles (such as `local`) cannot be managed: read them with " +
			"the `sparkplane_engine_profile` data source.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:      true,
				Description:   "The profile's name, what runs give as `backend`: 1 to 63 lower-case letters, digits and dashes, starting with a letter. Changing it replaces the profile.",
				Validators:    []validator.String{engineProfileNameValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"type": schema.StringAttribute{
				Required: true,
				Description: "The backend type, a module installed with the control plane: `local`, `kubernetes`, `emr`, `emr-serverless`, " +
					"`dataproc`, `dataproc-serverless`, `hdinsight` or `databricks`. Changing it replaces the profile (the API refuses " +
					"a change of type while runs on it have not ended).",
				Validators:    []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"settings": schema.MapAttribute{
				ElementType: typesString,
				Optional:    true,
				// sensitive as a whole (the framework cannot mark single keys): a setting may be a secret
				Sensitive:   true,
				Description: d["settings"] + " Checked by the type's module as at start: a wrong one is refused naming `settings.<key>`.",
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(200),
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(4096)),
				},
			},
			"description": schema.StringAttribute{
				Optional:    true,
				Description: "What the profile is for, up to 1000 characters.",
				Validators:  []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"source": schema.StringAttribute{
				Computed:      true,
				Description:   d["source"],
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"limits": schema.SingleNestedAttribute{
				Computed:    true,
				Description: d["limits"],
				Attributes: map[string]schema.Attribute{
					"max_concurrent_runs":   schema.Int64Attribute{Computed: true, Description: d["max_concurrent_runs"]},
					"max_executors_per_run": schema.Int64Attribute{Computed: true, Description: d["max_executors_per_run"]},
				},
			},
			"error": schema.StringAttribute{Computed: true, Description: d["error"]},
			"created_at": schema.StringAttribute{
				Computed:      true,
				Description:   d["created_at"],
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{Computed: true, Description: d["updated_at"]},
		},
	}
}

func (r *engineProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *engineProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan engineProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateEngineProfile(ctx, engineProfileRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create engine profile "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, engineProfileFromAPI(*created, plan))...)
}

func (r *engineProfileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state engineProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetEngineProfile(ctx, state.Name.ValueString())
	if client.IsNotFound(err) {
		// deleted outside Terraform: forget it, so that the plan creates it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read engine profile "+state.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, engineProfileFromAPI(*found, state))...)
}

func (r *engineProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan engineProfileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.client.UpdateEngineProfile(ctx, plan.Name.ValueString(), engineProfileRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not update engine profile "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, engineProfileFromAPI(*updated, plan))...)
}

func (r *engineProfileResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state engineProfileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteEngineProfile(ctx, state.Name.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not delete engine profile "+state.Name.ValueString(), err))
	}
}

// ImportState takes the profile's name: `terraform import sparkplane_engine_profile.x gpu`. A profile of the
// configuration is refused here: the API can neither change nor delete it, so Terraform could not manage it.
func (r *engineProfileResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	found, err := r.client.GetEngineProfile(ctx, req.ID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not import engine profile "+req.ID, err))
		return
	}
	if found.Source != client.EngineProfileSourceAPI {
		resp.Diagnostics.AddError("Cannot import engine profile "+req.ID, fmt.Sprintf(
			"%s is a profile of the control plane's configuration (source %q, sparkplane.backends.%s.*): the API cannot change "+
				"or delete it. Read it with the sparkplane_engine_profile data source instead.", req.ID, found.Source, req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("name"), req, resp)
}
