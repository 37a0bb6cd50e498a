package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// warmPoolResource is sparkplane_warm_pool: POST, GET, PUT and DELETE /api/v1/warm-pools, for the pools made
// through the API (those of the configuration cannot be changed through it).
type warmPoolResource struct {
	client *client.Client
}

func NewWarmPoolResource() resource.Resource { return &warmPoolResource{} }

var (
	_ resource.ResourceWithConfigure   = &warmPoolResource{}
	_ resource.ResourceWithImportState = &warmPoolResource{}
)

func (r *warmPoolResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_warm_pool"
}

var idleTTLPattern = regexp.MustCompile(`^[Pp](\d+[Dd])?([Tt](\d+[Hh])?(\d+[Mm])?(\d+[Ss])?)?$`)

func (r *warmPoolResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	cores := func(role string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true, Computed: true, Default: int64default.StaticInt64(1),
			Description: "Cores of the " + role + "; a run fits only with the same. 1 to 64, default 1.",
			Validators:  []validator.Int64{int64validator.Between(1, 64)},
		}
	}
	memory := func(role string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString("1g"),
			Description: "Memory of the " + role + " in Spark's notation (256m to 512g); a run fits only with the same. Default `1g`.",
			Validators:  []validator.String{memoryValidator()},
		}
	}
	resp.Schema = schema.Schema{
		Description: "A warm pool made through the API: `size` engine clusters of a workspace and engine profile started before " +
			"their runs (docs/warm-pools.md), each handed to one run that fits (same shapes, a Python file, no jars or archives, " +
			"Spark conf that differs from the profile's only in SQL settings) and never reused, stopped after `idle_ttl` with no run. " +
			"Needs an admin token; the profile's backend must start clusters ahead (`local`). Every replica's keeper takes a change " +
			"within seconds: warm clusters started from the old settings are stopped and started again. Changing the name replaces " +
			"it. The configuration's pools (`sparkplane.warm-pools.*`) cannot be managed.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required:      true,
				Description:   "1 to 63 lower-case letters, digits and dashes, starting with a letter. Changing it replaces the pool.",
				Validators:    []validator.String{engineProfileNameValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"workspace": schema.StringAttribute{
				Required:    true,
				Description: "The workspace whose runs its clusters serve (never another's).",
				Validators:  []validator.String{workspaceIDValidator()},
			},
			"profile": schema.StringAttribute{
				Required:    true,
				Description: "The engine profile its clusters are started on, as runs name it in `backend`.",
				Validators:  []validator.String{engineProfileNameValidator()},
			},
			"size": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(1),
				Description: "Warm clusters kept ready, 0 to 50 (default 1). They count against the profile's `max-concurrent-runs` " +
					"and the workspace's `max_executors`; runs come first.",
				Validators: []validator.Int64{int64validator.Between(0, 50)},
			},
			"idle_ttl": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("PT30M"),
				Description: "With no run of its workspace and profile for this long (ISO-8601, `PT1M` to `P30D`), it stops its " +
					"clusters and keeps none until one comes. Default `PT30M`.",
				Validators: []validator.String{stringvalidator.RegexMatches(idleTTLPattern, "must be an ISO-8601 duration such as PT30M or P1D")},
			},
			"workers": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(1),
				Description: "Workers (one executor each) every warm cluster starts with, 0 to 64 (default 1).",
				Validators:  []validator.Int64{int64validator.Between(0, 64)},
			},
			"driver_cores":    cores("driver"),
			"driver_memory":   memory("driver"),
			"executor_cores":  cores("executors"),
			"executor_memory": memory("executors"),
			"source": schema.StringAttribute{
				Computed:      true,
				Description:   "`api` for a pool made through the API.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *warmPoolResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *warmPoolResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan warmPoolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateWarmPool(ctx, warmPoolRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create warm pool "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, warmPoolFromAPI(*created, plan))...)
}

func (r *warmPoolResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state warmPoolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetWarmPool(ctx, state.Name.ValueString())
	if client.IsNotFound(err) {
		// deleted outside Terraform: forget it, so that the plan creates it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read warm pool "+state.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, warmPoolFromAPI(*found, state))...)
}

func (r *warmPoolResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan warmPoolModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.client.UpdateWarmPool(ctx, plan.Name.ValueString(), warmPoolRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not update warm pool "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, warmPoolFromAPI(*updated, plan))...)
}

func (r *warmPoolResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state warmPoolModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteWarmPool(ctx, state.Name.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not delete warm pool "+state.Name.ValueString(), err))
	}
}

// ImportState takes the pool's name: `terraform import sparkplane_warm_pool.x etl-hot`. A pool of the configuration
// is refused: the API can neither change nor delete it.
func (r *warmPoolResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	found, err := r.client.GetWarmPool(ctx, req.ID)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not import warm pool "+req.ID, err))
		return
	}
	if found.Source != client.WarmPoolSourceAPI {
		resp.Diagnostics.AddError("Cannot import warm pool "+req.ID, fmt.Sprintf(
			"%s is a pool of the control plane's configuration (source %q, sparkplane.warm-pools.%s.*): the API cannot change "+
				"or delete it.", req.ID, found.Source, req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("name"), req, resp)
}
