package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// engineProfileDataSource is the sparkplane_engine_profile data source: GET /api/v1/engine-profiles/{name}, for
// a profile of either source (the configuration's `local` too).
type engineProfileDataSource struct {
	client *client.Client
}

func NewEngineProfileDataSource() datasource.DataSource { return &engineProfileDataSource{} }

var _ datasource.DataSourceWithConfigure = &engineProfileDataSource{}

func (d *engineProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_engine_profile"
}

func (d *engineProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := engineProfileDescriptions
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: description}
	}
	resp.Schema = schema.Schema{
		Description: "An engine profile of the control plane by name: one of its configuration (`sparkplane.backends.*`, such as " +
			"`local`) or one made through the API (`sparkplane_engine_profile`), with its settings and limits. Any token can read it.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Required: true, Description: "The profile's name, such as `local`.",
				Validators: []validator.String{backendValidator()},
			},
			"type":        computed("The backend type, such as `local` or `kubernetes`."),
			"settings":    schema.MapAttribute{ElementType: typesString, Computed: true, Description: text["settings"]},
			"description": computed("What the profile is for; null when it has no description."),
			"source":      computed(text["source"]),
			"limits": schema.SingleNestedAttribute{
				Computed: true, Description: text["limits"],
				Attributes: map[string]schema.Attribute{
					"max_concurrent_runs":   schema.Int64Attribute{Computed: true, Description: text["max_concurrent_runs"]},
					"max_executors_per_run": schema.Int64Attribute{Computed: true, Description: text["max_executors_per_run"]},
				},
			},
			"error":      computed(text["error"]),
			"created_at": computed(text["created_at"]),
			"updated_at": computed(text["updated_at"]),
		},
	}
}

func (d *engineProfileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *engineProfileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config engineProfileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := d.client.GetEngineProfile(ctx, config.Name.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read engine profile "+config.Name.ValueString(), err))
		return
	}
	// settings always a map (there is no configuration to keep null)
	resp.Diagnostics.Append(resp.State.Set(ctx, engineProfileFromAPI(*found, engineProfileModel{Settings: types.MapValueMust(types.StringType, nil)}))...)
}
