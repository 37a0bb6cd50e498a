// Package provider is the Sparkplane Terraform provider: workspaces, API tokens, artifacts, jobs, schedules
// and engine profiles as resources, workspaces, jobs, runs and engine profiles as data sources, all through the
// control plane's REST API (internal/client).
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// The environment variables the provider falls back to, the same the command-line client reads.
const (
	EnvHost  = "SPARKPLANE_HOST"
	EnvToken = "SPARKPLANE_TOKEN"
)

type sparkplaneProvider struct {
	version string
}

type providerModel struct {
	Host  types.String `tfsdk:"host"`
	Token types.String `tfsdk:"token"`
}

// New returns the provider of this version (the version goes into the User-Agent of every call).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &sparkplaneProvider{version: version} }
}

func (p *sparkplaneProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "sparkplane"
	resp.Version = p.version
}

func (p *sparkplaneProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages a Sparkplane control plane through its REST API: workspaces with their quotas, API tokens, " +
			"artifacts uploaded from local files, jobs (saved run definitions), their schedules and engine profiles.",
		Attributes: map[string]schema.Attribute{
			"host": schema.StringAttribute{
				Optional: true,
				Description: "The control plane's URL, such as `http://127.0.0.1:8080`. Default: the environment variable `" +
					EnvHost + "`.",
			},
			"token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				Description: "An API token (`spk_...`) or an OIDC JWT the control plane accepts. Managing workspaces, tokens and " +
					"engine profiles needs an admin token; jobs, schedules and artifacts an editor of their workspace. Default: the " +
					"environment variable `" + EnvToken + "`.",
			},
		},
	}
}

func (p *sparkplaneProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	host := settingOrEnv(config.Host, EnvHost)
	token := settingOrEnv(config.Token, EnvToken)
	if config.Host.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Unknown Sparkplane host",
			"The provider's host is not known until apply. Give it a value known at plan time, or set "+EnvHost+".")
	} else if host == "" {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Missing Sparkplane host",
			"Set the provider's host attribute (for example http://127.0.0.1:8080) or the environment variable "+EnvHost+".")
	}
	if config.Token.IsUnknown() {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Unknown Sparkplane token",
			"The provider's token is not known until apply. Give it a value known at plan time, or set "+EnvToken+".")
	} else if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("token"), "Missing Sparkplane token",
			"Set the provider's token attribute or the environment variable "+EnvToken+" to an API token; the control "+
				"plane writes a bootstrap admin token to $SPARKPLANE_HOME/admin-token on its first start.")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	api, err := client.New(host, token, "terraform-provider-sparkplane/"+p.version)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("host"), "Invalid Sparkplane host", err.Error())
		return
	}
	resp.ResourceData = api
	resp.DataSourceData = api
}

// settingOrEnv is the attribute's value when set, else the environment variable's.
func settingOrEnv(value types.String, env string) string {
	if !value.IsNull() && !value.IsUnknown() && value.ValueString() != "" {
		return value.ValueString()
	}
	return os.Getenv(env)
}

func (p *sparkplaneProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewWorkspaceResource,
		NewAPITokenResource,
		NewArtifactResource,
		NewJobResource,
		NewScheduleResource,
		NewEngineProfileResource,
		NewWarmPoolResource,
	}
}

func (p *sparkplaneProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewWorkspaceDataSource,
		NewJobDataSource,
		NewRunDataSource,
		NewEngineProfileDataSource,
	}
}
