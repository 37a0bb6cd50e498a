package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// jobDataSource is the sparkplane_job data source: a job by id (GET /api/v1/jobs/{id}) or by workspace and name
// (GET /api/v1/jobs?workspace=..&name=..), with the same attributes as the resource.
type jobDataSource struct {
	client *client.Client
}

func NewJobDataSource() datasource.DataSource { return &jobDataSource{} }

var (
	_ datasource.DataSourceWithConfigure        = &jobDataSource{}
	_ datasource.DataSourceWithConfigValidators = &jobDataSource{}
)

func (d *jobDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job"
}

func (d *jobDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := jobDescriptions
	computed := func(name string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: text[name]}
	}
	number := func(name string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, Description: text[name]}
	}
	list := func(name string) schema.ListAttribute {
		return schema.ListAttribute{ElementType: typesString, Computed: true, Description: text[name]}
	}
	labels := func(name string) schema.MapAttribute {
		return schema.MapAttribute{ElementType: typesString, Computed: true, Description: text[name]}
	}
	process := func(name string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{Computed: true, Description: text[name], Attributes: map[string]schema.Attribute{
			"cores": number("cores"), "memory": computed("memory"),
		}}
	}
	resp.Schema = schema.Schema{
		Description: "A job of the control plane, found by `id`, or by `name` in a `workspace`; its run template as typed attributes, as the `sparkplane_job` resource has them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Optional: true, Computed: true, Description: "The job's id. Give either `id` or `name`."},
			"workspace": schema.StringAttribute{
				Optional: true, Computed: true, Description: "The workspace to find the job `name` in. Default `default`.",
				Validators: []validator.String{workspaceIDValidator()},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true, Description: "The job's name in `workspace`. Give either `id` or `name`.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"description": computed("description"),
			"run_name":    computed("run_name"),
			"python_file": computed("python_file"),
			"jar":         computed("jar"),
			"main_class":  computed("main_class"),
			"args":        list("args"),
			"py_files":    list("py_files"),
			"jars":        list("jars"),
			"files":       list("files"),
			"archives":    list("archives"),
			"spark_conf":  labels("spark_conf"),
			"backend":     computed("backend"),
			"driver":      process("driver"),
			"executor":    process("executor"),
			"autoscaling": schema.SingleNestedAttribute{Computed: true, Description: text["autoscaling"], Attributes: map[string]schema.Attribute{
				"policy": computed("policy"), "min_executors": number("min_executors"), "max_executors": number("max_executors"),
			}},
			"timeout_seconds": number("timeout_seconds"),
			"max_retries":     number("max_retries"),
			"run_labels":      labels("run_labels"),
			"parameter": schema.ListNestedAttribute{Computed: true, Description: text["parameter"], NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"name": computed("parameter.name"), "default": schema.StringAttribute{Computed: true, Sensitive: true, Description: text["parameter.default"]}, "description": computed("parameter.description"),
				},
			}},
			"max_concurrent_runs": number("max_concurrent_runs"),
			"concurrency_policy":  computed("concurrency_policy"),
			"labels":              labels("labels"),
			"version":             number("version"),
			"created_at":          computed("created_at"),
			"updated_at":          computed("updated_at"),
		},
	}
}

func (d *jobDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("workspace")),
	}
}

func (d *jobDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *jobDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config jobModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var found *client.Job
	var err error
	if !config.ID.IsNull() {
		found, err = d.client.GetJob(ctx, config.ID.ValueString())
	} else {
		workspace := "default"
		if !config.Workspace.IsNull() {
			workspace = config.Workspace.ValueString()
		}
		found, err = d.client.FindJob(ctx, workspace, config.Name.ValueString())
		if err == nil && found == nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "No such job",
				fmt.Sprintf("Workspace %s has no job named %q (or the token may not see it).", workspace, config.Name.ValueString()))
			return
		}
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read the job", err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, jobFromAPI(*found, jobModel{}))...)
}
