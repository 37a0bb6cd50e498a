package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
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

// jobResource is sparkplane_job: POST, GET, PUT and DELETE /api/v1/jobs. The control plane echoes the run
// template as given, so the template's attributes are plain optional ones with no defaults filled in.
type jobResource struct {
	client *client.Client
}

func NewJobResource() resource.Resource { return &jobResource{} }

var (
	_ resource.ResourceWithConfigure        = &jobResource{}
	_ resource.ResourceWithImportState      = &jobResource{}
	_ resource.ResourceWithConfigValidators = &jobResource{}
)

func (r *jobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_job"
}

// The API's limits on the template's fields, as validators.
var (
	sparkConfKeyValidators = []validator.String{
		stringvalidator.RegexMatches(sparkConfPattern, "must be a Spark property, starting with spark."),
		stringvalidator.NoneOf("spark.master", "spark.submit.deployMode", "spark.app.name", "spark.executor.cores",
			"spark.executor.memory", "spark.executor.instances", "spark.dynamicAllocation.enabled", "spark.decommission.enabled"),
	}
	labelValidators = []validator.Map{
		mapvalidator.SizeAtMost(32),
		mapvalidator.KeysAre(stringvalidator.RegexMatches(labelKeyPattern, "must be 1 to 63 characters of a-z, 0-9, . _ / -, starting and ending with a letter or digit")),
		mapvalidator.ValueStringsAre(stringvalidator.LengthAtMost(63)),
	}
	locationValidators = []validator.String{stringvalidator.LengthBetween(1, 4096)}
)

func (r *jobResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := jobDescriptions
	locations := func(name string) schema.ListAttribute {
		return schema.ListAttribute{
			ElementType: typesString, Optional: true, Description: d[name],
			Validators: []validator.List{listvalidator.SizeAtMost(100), listvalidator.ValueStringsAre(locationValidators...)},
		}
	}
	process := func(name string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			Optional: true, Description: d[name],
			Attributes: map[string]schema.Attribute{
				"cores":  schema.Int64Attribute{Optional: true, Description: d["cores"], Validators: []validator.Int64{int64validator.Between(1, 64)}},
				"memory": schema.StringAttribute{Optional: true, Description: d["memory"], Validators: []validator.String{memoryValidator()}},
			},
		}
	}
	resp.Schema = schema.Schema{
		Description: "A job: a saved run definition (its run template, parameters and concurrency) that runs are started from, " +
			"by hand, by the API or by a `sparkplane_schedule`. Each change of its definition makes a new `version`. Deleting " +
			"it deletes its schedules; it is refused (409) while the job has runs that have not ended, and its runs stay readable.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, Description: d["id"],
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"workspace": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("default"), Description: d["workspace"],
				Validators:    []validator.String{workspaceIDValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true, Description: d["name"],
				Validators: []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"description": schema.StringAttribute{
				Optional: true, Description: d["description"],
				Validators: []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"run_name": schema.StringAttribute{
				Optional: true, Description: d["run_name"],
				Validators: []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"python_file": schema.StringAttribute{Optional: true, Description: d["python_file"], Validators: locationValidators},
			"jar":         schema.StringAttribute{Optional: true, Description: d["jar"], Validators: locationValidators},
			"main_class": schema.StringAttribute{
				Optional: true, Description: d["main_class"],
				Validators: []validator.String{stringvalidator.RegexMatches(mainClassPattern, "must be a fully qualified Java class name")},
			},
			"args": schema.ListAttribute{
				ElementType: typesString, Optional: true, Description: d["args"],
				Validators: []validator.List{listvalidator.SizeAtMost(1000), listvalidator.ValueStringsAre(stringvalidator.LengthAtMost(65536))},
			},
			"py_files": locations("py_files"),
			"jars":     locations("jars"),
			"files":    locations("files"),
			"archives": locations("archives"),
			"spark_conf": schema.MapAttribute{
				// sensitive as a whole (the framework cannot mark single keys): a value may be a secret
				ElementType: typesString, Optional: true, Sensitive: true, Description: d["spark_conf"],
				Validators: []validator.Map{mapvalidator.SizeAtMost(200), mapvalidator.KeysAre(sparkConfKeyValidators...)},
			},
			"backend":  schema.StringAttribute{Optional: true, Description: d["backend"], Validators: []validator.String{backendValidator()}},
			"driver":   process("driver"),
			"executor": process("executor"),
			"autoscaling": schema.SingleNestedAttribute{
				Optional: true, Description: d["autoscaling"],
				Attributes: map[string]schema.Attribute{
					"policy": schema.StringAttribute{
						Optional: true, Description: d["policy"],
						Validators: []validator.String{stringvalidator.OneOf("backlog", "dynamic-allocation", "static")},
					},
					"min_executors": schema.Int64Attribute{Optional: true, Description: d["min_executors"], Validators: []validator.Int64{int64validator.Between(0, 1000)}},
					"max_executors": schema.Int64Attribute{
						Optional: true, Description: d["max_executors"],
						Validators: []validator.Int64{int64validator.Between(1, 1000), int64validator.AtLeastSumOf(path.MatchRelative().AtParent().AtName("min_executors"))},
					},
				},
			},
			"timeout_seconds": schema.Int64Attribute{Optional: true, Description: d["timeout_seconds"], Validators: []validator.Int64{int64validator.Between(1, 604800)}},
			"max_retries":     schema.Int64Attribute{Optional: true, Description: d["max_retries"], Validators: []validator.Int64{int64validator.Between(0, 10)}},
			"run_labels":      schema.MapAttribute{ElementType: typesString, Optional: true, Description: d["run_labels"], Validators: labelValidators},
			"max_concurrent_runs": schema.Int64Attribute{
				Optional: true, Computed: true, Default: int64default.StaticInt64(1), Description: d["max_concurrent_runs"],
				Validators: []validator.Int64{int64validator.Between(1, 1000)},
			},
			"concurrency_policy": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("QUEUE"), Description: d["concurrency_policy"],
				Validators: []validator.String{stringvalidator.OneOf("QUEUE", "SKIP", "CANCEL_OLDEST")},
			},
			"labels":     schema.MapAttribute{ElementType: typesString, Optional: true, Description: d["labels"], Validators: labelValidators},
			"version":    schema.Int64Attribute{Computed: true, Description: d["version"]},
			"created_at": schema.StringAttribute{Computed: true, Description: d["created_at"], PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"updated_at": schema.StringAttribute{Computed: true, Description: d["updated_at"]},
		},
		Blocks: map[string]schema.Block{
			"parameter": schema.ListNestedBlock{
				Description: d["parameter"],
				Validators:  []validator.List{listvalidator.SizeAtMost(64)},
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Required: true, Description: d["parameter.name"],
							Validators: []validator.String{stringvalidator.RegexMatches(parameterPattern, "must be a letter or _, then up to 63 letters, digits and _")},
						},
						"default": schema.StringAttribute{
							Optional: true, Sensitive: true, Description: d["parameter.default"],
							Validators: []validator.String{stringvalidator.LengthAtMost(4096)},
						},
						"description": schema.StringAttribute{Optional: true, Description: d["parameter.description"]},
					},
				},
			},
		},
	}
}

// ConfigValidators: a job runs either a Python file or a jar with its main class.
func (r *jobResource) ConfigValidators(_ context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("python_file"), path.MatchRoot("jar")),
		resourcevalidator.RequiredTogether(path.MatchRoot("jar"), path.MatchRoot("main_class")),
		resourcevalidator.Conflicting(path.MatchRoot("python_file"), path.MatchRoot("main_class")),
	}
}

func (r *jobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (r *jobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan jobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.client.CreateJob(ctx, jobRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not create job "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, jobFromAPI(*created, plan))...)
}

func (r *jobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state jobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	found, err := r.client.GetJob(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		// deleted outside Terraform: forget it, so that the plan creates it again
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not read job "+state.ID.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, jobFromAPI(*found, state))...)
}

func (r *jobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan jobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.client.UpdateJob(ctx, plan.ID.ValueString(), jobRequest(plan))
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not update job "+plan.Name.ValueString(), err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, jobFromAPI(*updated, plan))...)
}

func (r *jobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state jobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteJob(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.Append(apiErrorDiagnostic("Could not delete job "+state.Name.ValueString(), err))
	}
}

// ImportState takes the job's id (a UUID).
func (r *jobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
