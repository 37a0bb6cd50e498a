package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// workspaceDataSource is the sparkplane_workspace data source: GET /api/v1/workspaces/{id}, with its usage.
type workspaceDataSource struct {
	client *client.Client
}

func NewWorkspaceDataSource() datasource.DataSource { return &workspaceDataSource{} }

var _ datasource.DataSourceWithConfigure = &workspaceDataSource{}

type workspaceDataModel struct {
	ID              types.String `tfsdk:"id"`
	DisplayName     types.String `tfsdk:"display_name"`
	StagingLocation types.String `tfsdk:"staging_location"`
	AllowedSchemes  types.Set    `tfsdk:"allowed_schemes"`
	StoreProfile    types.String `tfsdk:"store_profile"`
	DefaultBackend  types.String `tfsdk:"default_backend"`
	Quotas          *quotasModel `tfsdk:"quotas"`
	Usage           *usageModel  `tfsdk:"usage"`
	CreatedAt       types.String `tfsdk:"created_at"`
}

type usageModel struct {
	QueuedRuns types.Int64 `tfsdk:"queued_runs"`
	ActiveRuns types.Int64 `tfsdk:"active_runs"`
	Executors  types.Int64 `tfsdk:"executors"`
}

// workspaceDataFromAPI is the data source's state: the resource's mapping (quotas always an object, since
// there is no configuration to keep null) and the usage.
func workspaceDataFromAPI(api client.Workspace) workspaceDataModel {
	state := workspaceFromAPI(api, workspaceModel{Quotas: &quotasModel{}})
	return workspaceDataModel{
		ID:              state.ID,
		DisplayName:     state.DisplayName,
		StagingLocation: state.StagingLocation,
		AllowedSchemes:  state.AllowedSchemes,
		StoreProfile:    state.StoreProfile,
		DefaultBackend:  state.DefaultBackend,
		Quotas:          state.Quotas,
		Usage: &usageModel{
			QueuedRuns: types.Int64Value(api.Usage.QueuedRuns),
			ActiveRuns: types.Int64Value(api.Usage.ActiveRuns),
			Executors:  types.Int64Value(api.Usage.Executors),
		},
		CreatedAt: state.CreatedAt,
	}
}

func (d *workspaceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_workspace"
}

func (d *workspaceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	count := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Description: "A workspace of the control plane with its effective settings (its own, or the control plane's where it " +
			"set none), its quotas and what it uses now. Any token that may see the workspace can read it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Required: true, Description: "The workspace's id, such as `default`.",
				Validators: []validator.String{workspaceIDValidator()},
			},
			"display_name":     schema.StringAttribute{Computed: true, Description: "What people call it; null when it has no name."},
			"staging_location": schema.StringAttribute{Computed: true, Description: "Where its artifacts, logs and outputs are kept, a prefix ending in `/`."},
			"allowed_schemes":  schema.SetAttribute{ElementType: typesString, Computed: true, Description: "The URI schemes its runs may name besides artifacts."},
			"store_profile":    schema.StringAttribute{Computed: true, Description: "The store profile it reaches its stores with; `default` is `sparkplane.store.*`."},
			"default_backend":  schema.StringAttribute{Computed: true, Description: "The engine profile of its runs that name none; null is the control plane's default."},
			"quotas": schema.SingleNestedAttribute{
				Computed: true, Description: "What it may use at once; a null quota is no limit.",
				Attributes: map[string]schema.Attribute{
					"max_active_runs": count("Runs provisioning, running or cancelling at once."),
					"max_executors":   count("Executors over its going runs."),
					"max_queued_runs": count("Runs waiting in the queue."),
				},
			},
			"usage": schema.SingleNestedAttribute{
				Computed: true, Description: "What it uses now.",
				Attributes: map[string]schema.Attribute{
					"queued_runs": count("Runs waiting in the queue."),
					"active_runs": count("Runs provisioning, running or cancelling."),
					"executors":   count("The executors its going runs have asked for."),
				},
			},
			"created_at": schema.StringAttribute{Computed: true, Description: "When it was created (RFC 3339)."},
		},
	}
}

func (d *workspaceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *workspaceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config workspaceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := d.client.GetWorkspace(ctx, config.ID.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read workspace "+config.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, workspaceDataFromAPI(*found))...)
}
