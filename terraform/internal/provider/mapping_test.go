package provider

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// Table tests of the pure mappings between the API's JSON and the Terraform models.

func ptr[T any](value T) *T { return &value }

func TestProblemDetail(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{
			name: "field errors by path",
			err: client.ParseProblem("POST", "/api/v1/jobs", 400, []byte(`{"type":"urn:sparkplane:problem:invalid-request","title":"The request is invalid","status":400,
				"detail":"2 fields are invalid","errors":[{"field":"template.args[1]","message":"too long"},{"field":"quotas.maxQueuedRuns","message":"must be 0 to 1000000"}]}`)),
			want: []string{"answered 400 (The request is invalid) to POST /api/v1/jobs: 2 fields are invalid", "  - template.args[1]: too long", "  - quotas.maxQueuedRuns: must be 0 to 1000000"},
		},
		{
			name: "a body that is no problem document",
			err:  client.ParseProblem("GET", "/api/v1/runs/x", 502, []byte("<html>Bad Gateway</html>")),
			want: []string{"answered 502 to GET /api/v1/runs/x: <html>Bad Gateway</html>"},
		},
		{
			name: "not an API error",
			err:  errors.New("dial tcp 127.0.0.1:1: connection refused"),
			want: []string{"dial tcp 127.0.0.1:1: connection refused"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			detail := problemDetail(c.err)
			for _, want := range c.want {
				if !strings.Contains(detail, want) {
					t.Errorf("detail %q lacks %q", detail, want)
				}
			}
		})
	}
}

func TestWorkspaceMapping(t *testing.T) {
	api := client.Workspace{
		ID: "analytics", StagingLocation: "file:///srv/staging/", AllowedSchemes: []string{"s3", "https"}, StoreProfile: "default",
		Quotas: client.WorkspaceQuotas{MaxActiveRuns: ptr(int64(3))}, CreatedAt: "2026-12-07T07:00:00Z",
	}
	cases := []struct {
		name         string
		api          client.Workspace
		prior        workspaceModel
		wantQuotas   *quotasModel
		wantLocation string
	}{
		{"quotas set", api, workspaceModel{}, &quotasModel{MaxActiveRuns: types.Int64Value(3), MaxExecutors: types.Int64Null(), MaxQueuedRuns: types.Int64Null()}, "file:///srv/staging/"},
		{"no quotas, none configured", client.Workspace{ID: "a", StagingLocation: "file:///srv/staging/"}, workspaceModel{}, nil, "file:///srv/staging/"},
		{"no quotas, an empty object configured", client.Workspace{ID: "a", StagingLocation: "file:///srv/staging/"}, workspaceModel{Quotas: &quotasModel{}},
			&quotasModel{MaxActiveRuns: types.Int64Null(), MaxExecutors: types.Int64Null(), MaxQueuedRuns: types.Int64Null()}, "file:///srv/staging/"},
		{"staging configured without its trailing slash", api, workspaceModel{StagingLocation: types.StringValue("file:///srv/staging")},
			&quotasModel{MaxActiveRuns: types.Int64Value(3), MaxExecutors: types.Int64Null(), MaxQueuedRuns: types.Int64Null()}, "file:///srv/staging"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			state := workspaceFromAPI(c.api, c.prior)
			if !reflect.DeepEqual(state.Quotas, c.wantQuotas) {
				t.Errorf("quotas %+v, want %+v", state.Quotas, c.wantQuotas)
			}
			if state.StagingLocation.ValueString() != c.wantLocation {
				t.Errorf("staging %s, want %s", state.StagingLocation, c.wantLocation)
			}
		})
	}
	patch := workspacePatch(workspaceModel{ID: types.StringValue("a"), DisplayName: types.StringNull(), DefaultBackend: types.StringValue("local")})
	if patch["displayName"] != (*string)(nil) || *patch["defaultBackend"].(*string) != "local" || patch["quotas"] != nil {
		t.Errorf("patch %#v: want displayName and quotas cleared (null), defaultBackend local", patch)
	}
}

func TestAPITokenMapping(t *testing.T) {
	created := client.Token{ID: "t1", Name: "ci", Role: "editor", Workspaces: []string{"a"}, Prefix: "spk_12345678",
		CreatedAt: "2026-12-07T07:00:00.123456Z", ExpiresAt: ptr("2026-12-07T08:00:00.123456Z"), Secret: "spk_secret"}
	state := apiTokenFromAPI(created, apiTokenModel{Secret: types.StringUnknown()})
	if state.Secret.ValueString() != "spk_secret" || state.ExpiresInSeconds.ValueInt64() != 3600 {
		t.Errorf("created: secret %s, expires in %s", state.Secret, state.ExpiresInSeconds)
	}
	read := created
	read.Secret = ""
	if again := apiTokenFromAPI(read, state); again.Secret.ValueString() != "spk_secret" {
		t.Errorf("a read lost the secret: %s", again.Secret)
	}
	if imported := apiTokenFromAPI(read, apiTokenModel{}); !imported.Secret.IsNull() || imported.ExpiresInSeconds.ValueInt64() != 3600 {
		t.Errorf("imported: secret %s (want null), expires in %s", imported.Secret, imported.ExpiresInSeconds)
	}
	admin := client.Token{ID: "t2", Role: "admin", Workspaces: []string{}, CreatedAt: "2026-12-07T07:00:00Z"}
	if state := apiTokenFromAPI(admin, apiTokenModel{Workspaces: types.SetNull(types.StringType)}); !state.Workspaces.IsNull() || !state.ExpiresInSeconds.IsNull() {
		t.Errorf("admin token: workspaces %s, expires in %s; want both null", state.Workspaces, state.ExpiresInSeconds)
	}
}

func TestArtifactID(t *testing.T) {
	hash := strings.Repeat("ab", 32)
	workspace, sha, name, err := parseArtifactID("analytics/" + hash + "/job.py")
	if err != nil || workspace != "analytics" || sha != hash || name != "job.py" {
		t.Errorf("parsed %q %q %q %v", workspace, sha, name, err)
	}
	for _, bad := range []string{"analytics/" + hash, "Analytics/" + hash + "/job.py", "analytics/abc/job.py", "analytics/" + hash + "/a/b.py"} {
		if _, _, _, err := parseArtifactID(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
	if ref := artifactRef(hash, "job.py"); ref != "artifact:sha256:"+hash+"/job.py" {
		t.Errorf("ref %s", ref)
	}
}

// TestJobTemplateRoundTrip: what a plan sends is what the API echoes, and the echo maps back to the same
// model; a masked Spark conf value keeps the configured one.
func TestJobTemplateRoundTrip(t *testing.T) {
	plan := jobModel{
		Workspace: types.StringValue("analytics"), Name: types.StringValue("nightly"), Description: types.StringNull(),
		RunName: types.StringNull(), PythonFile: types.StringValue("artifact:sha256:x/job.py"), Jar: types.StringNull(), MainClass: types.StringNull(),
		Args: stringList([]string{"{{input}}"}), PyFiles: types.ListNull(types.StringType), Jars: stringList(nil),
		Files: types.ListNull(types.StringType), Archives: types.ListNull(types.StringType),
		SparkConf: mapOf(&map[string]string{"spark.sql.shuffle.partitions": "4", "spark.hadoop.fs.s3a.secret.key": "hunter2"}),
		Backend:   types.StringNull(), Driver: &processModel{Cores: types.Int64Null(), Memory: types.StringValue("512m")},
		Autoscaling:    &autoscalingModel{Policy: types.StringValue("static"), MinExecutors: types.Int64Null(), MaxExecutors: types.Int64Value(2)},
		TimeoutSeconds: types.Int64Null(), MaxRetries: types.Int64Value(0), RunLabels: types.MapNull(types.StringType),
		Parameters:        []parameterModel{{Name: types.StringValue("input"), Default: types.StringValue("a.csv"), Description: types.StringNull()}},
		MaxConcurrentRuns: types.Int64Value(1), ConcurrencyPolicy: types.StringValue("QUEUE"), Labels: types.MapNull(types.StringType),
	}
	request := jobRequest(plan)
	if request.Template.Jars == nil || len(*request.Template.Jars) != 0 || request.Template.PyFiles != nil {
		t.Errorf("an empty list must be sent empty and a null one left out: jars %v, pyFiles %v", request.Template.Jars, request.Template.PyFiles)
	}
	if request.Template.Resources.Executor != nil || *request.Template.Resources.Driver.Memory != "512m" {
		t.Errorf("resources %+v", request.Template.Resources)
	}
	echoed := request.Template
	echoed.SparkConf = &map[string]string{"spark.sql.shuffle.partitions": "4", "spark.hadoop.fs.s3a.secret.key": maskedValue}
	api := client.Job{ID: "j1", Workspace: "analytics", Name: "nightly", Template: echoed, Parameters: request.Parameters,
		MaxConcurrentRuns: 1, ConcurrencyPolicy: "QUEUE", Labels: map[string]string{}, Version: 1, CreatedAt: "c", UpdatedAt: "u"}
	state := jobFromAPI(api, plan)
	state.ID, state.Version, state.CreatedAt, state.UpdatedAt = plan.ID, plan.Version, plan.CreatedAt, plan.UpdatedAt
	if !reflect.DeepEqual(state, plan) {
		t.Errorf("the echo maps to\n%+v\nnot the plan\n%+v", state, plan)
	}
	if imported := jobFromAPI(api, jobModel{}); imported.SparkConf.Elements()["spark.hadoop.fs.s3a.secret.key"].(types.String).ValueString() != maskedValue {
		t.Errorf("an import has no configured secret to restore")
	}
}

func TestScheduleDefaults(t *testing.T) {
	null, unknown := types.StringNull(), types.StringUnknown()
	created := "2026-12-07T07:00:00Z"
	cases := []struct {
		name              string
		config, plan      scheduleModel
		state             *scheduleModel
		timeZone, startAt types.String
		maxCatchUpRuns    types.Int64
	}{
		{"cron", scheduleModel{}, scheduleModel{Cron: types.StringValue("@daily"), CatchUp: types.StringValue("LAST")}, nil,
			types.StringValue("UTC"), null, types.Int64Null()},
		{"cron in a time zone", scheduleModel{TimeZone: types.StringValue("Europe/Berlin")}, scheduleModel{Cron: types.StringValue("@daily"), TimeZone: types.StringValue("Europe/Berlin"), CatchUp: types.StringValue("ALL")}, nil,
			types.StringValue("Europe/Berlin"), null, types.Int64Value(10)},
		{"new interval", scheduleModel{}, scheduleModel{Interval: types.StringValue("PT1H"), CatchUp: types.StringValue("NONE")}, nil,
			null, unknown, types.Int64Null()},
		{"interval kept", scheduleModel{}, scheduleModel{Interval: types.StringValue("PT2H"), CatchUp: types.StringValue("NONE")},
			&scheduleModel{Interval: types.StringValue("PT1H"), StartAt: types.StringValue(created)}, null, types.StringValue(created), types.Int64Null()},
		{"cron to interval", scheduleModel{}, scheduleModel{Interval: types.StringValue("PT2H"), CatchUp: types.StringValue("NONE")},
			&scheduleModel{Cron: types.StringValue("@daily"), Interval: null, StartAt: null}, null, unknown, types.Int64Null()},
		{"unknown cron", scheduleModel{}, scheduleModel{Cron: unknown, Interval: null, CatchUp: unknown}, nil, unknown, unknown, types.Int64Unknown()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// a case leaves out cron or interval: null, as in a configuration without it
			plan := c.plan
			if plan.Interval == (types.String{}) {
				plan.Interval = null
			}
			if plan.Cron == (types.String{}) {
				plan.Cron = null
			}
			got := scheduleDefaults(c.config, plan, c.state)
			if !got.TimeZone.Equal(c.timeZone) || !got.StartAt.Equal(c.startAt) || !got.MaxCatchUpRuns.Equal(c.maxCatchUpRuns) {
				t.Errorf("time_zone %s start_at %s max_catch_up_runs %s; want %s %s %s", got.TimeZone, got.StartAt, got.MaxCatchUpRuns, c.timeZone, c.startAt, c.maxCatchUpRuns)
			}
		})
	}
}

func TestScheduleFromAPIKeepsTheSpellingOfAnInstant(t *testing.T) {
	api := client.Schedule{ID: "s", Job: "j", Interval: ptr("PT1H"), StartAt: ptr("2026-12-01T00:00:00Z"), CatchUp: "LAST", NextFireTimes: []string{}, Parameters: map[string]string{}}
	state := scheduleFromAPI(api, scheduleModel{StartAt: types.StringValue("2026-12-01T01:00:00+01:00"), Parameters: types.MapNull(types.StringType)})
	if state.StartAt.ValueString() != "2026-12-01T01:00:00+01:00" || !state.Parameters.IsNull() {
		t.Errorf("start_at %s parameters %s", state.StartAt, state.Parameters)
	}
	other := scheduleFromAPI(api, scheduleModel{StartAt: types.StringValue("2026-12-02T00:00:00Z")})
	if other.StartAt.ValueString() != "2026-12-01T00:00:00Z" {
		t.Errorf("another instant must take the API's value, got %s", other.StartAt)
	}
}

func TestParseISODuration(t *testing.T) {
	cases := map[string]time.Duration{"PT1M": time.Minute, "PT15M": 15 * time.Minute, "PT1H30M": 90 * time.Minute, "P1D": 24 * time.Hour, "P1DT12H": 36 * time.Hour, "PT90S": 90 * time.Second, "PT0.5S": 500 * time.Millisecond}
	for text, want := range cases {
		if got, err := parseISODuration(text); err != nil || got != want {
			t.Errorf("%s: %s %v, want %s", text, got, err, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "P1DT", "15m", "PT1.H", "P1W"} {
		if _, err := parseISODuration(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestOptionalMap(t *testing.T) {
	if got := optionalMap(map[string]string{}, types.MapNull(types.StringType)); !got.IsNull() {
		t.Errorf("an empty answer with no configured map must stay null, got %s", got)
	}
	if got := optionalMap(map[string]string{}, mapOf(&map[string]string{})); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("an empty configured map must stay empty, got %s", got)
	}
	if got := optionalMap(map[string]string{"a": "b"}, types.MapNull(types.StringType)); len(got.Elements()) != 1 {
		t.Errorf("got %s", got)
	}
}

func TestRunFromAPI(t *testing.T) {
	run := client.Run{ID: "r", Workspace: "a", Name: "n", Entrypoint: client.Entrypoint{PythonFile: ptr("artifact:sha256:x/job.py")}, Args: []string{"1"},
		Backend: "local", State: "QUEUED", Attempt: 1, QueuedAt: "q", CreatedAt: "c", Job: &client.RunJob{ID: "j", Version: 2}}
	state := runFromAPI(run)
	if state.JobID.ValueString() != "j" || state.JobVersion.ValueInt64() != 2 || !state.ScheduleID.IsNull() || !state.Jar.IsNull() || len(state.Labels.Elements()) != 0 {
		t.Errorf("state %+v", state)
	}
}

// TestJobFromJSON: a template field answered as null reads as one left out, and one answered empty stays empty.
func TestJobFromJSON(t *testing.T) {
	cases := []struct {
		name     string
		template string
		args     types.List
		driver   *processModel
	}{
		{"left out", `{"entrypoint":{"pythonFile":"x.py"}}`, types.ListNull(types.StringType), nil},
		{"null", `{"entrypoint":{"pythonFile":"x.py","jar":null},"args":null,"resources":null}`, types.ListNull(types.StringType), nil},
		{"empty", `{"entrypoint":{"pythonFile":"x.py"},"args":[],"resources":{"driver":{"cores":null,"memory":"1g"}}}`, stringList(nil),
			&processModel{Cores: types.Int64Null(), Memory: types.StringValue("1g")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var job client.Job
			answer := `{"id":"j","workspace":"w","name":"n","template":` + c.template + `,"parameters":[{"name":"p","default":null}],
				"maxConcurrentRuns":1,"concurrencyPolicy":"QUEUE","labels":{},"version":1,"createdAt":"c","updatedAt":"u"}`
			if err := json.Unmarshal([]byte(answer), &job); err != nil {
				t.Fatal(err)
			}
			state := jobFromAPI(job, jobModel{Labels: types.MapNull(types.StringType)})
			if !state.Args.Equal(c.args) || !reflect.DeepEqual(state.Driver, c.driver) || !state.Jar.IsNull() || state.PythonFile.ValueString() != "x.py" {
				t.Errorf("args %s driver %+v jar %s", state.Args, state.Driver, state.Jar)
			}
			if !state.Parameters[0].Default.IsNull() || !state.Labels.IsNull() || !state.Description.IsNull() {
				t.Errorf("parameter %+v labels %s description %s", state.Parameters[0], state.Labels, state.Description)
			}
		})
	}
}

func TestEngineProfileMapping(t *testing.T) {
	limits := types.ObjectValueMust(engineLimitsTypes, map[string]attr.Value{"max_concurrent_runs": types.Int64Value(1), "max_executors_per_run": types.Int64Value(8)})
	settings := func(values map[string]string) types.Map { return mapOf(&values) }
	cases := []struct {
		name         string
		api          client.EngineProfile
		prior        engineProfileModel
		wantSettings types.Map
		wantLimits   types.Object
	}{
		{"settings as given, with limits",
			client.EngineProfile{Name: "p", Type: "local", Settings: map[string]string{"max-concurrent-runs": "1"}, Source: "api",
				Limits: &client.EngineProfileLimits{MaxConcurrentRuns: 1, MaxExecutorsPerRun: 8}},
			engineProfileModel{}, settings(map[string]string{"max-concurrent-runs": "1"}), limits},
		{"no settings, none configured",
			client.EngineProfile{Name: "p", Type: "local", Settings: map[string]string{}, Source: "api"},
			engineProfileModel{Settings: types.MapNull(types.StringType)}, types.MapNull(types.StringType), types.ObjectNull(engineLimitsTypes)},
		{"no settings, an empty map configured",
			client.EngineProfile{Name: "p", Type: "local", Source: "api"},
			engineProfileModel{Settings: settings(map[string]string{})}, settings(map[string]string{}), types.ObjectNull(engineLimitsTypes)},
		{"a masked secret keeps the configured value",
			client.EngineProfile{Name: "p", Type: "databricks", Settings: map[string]string{"token": "***", "host": "h"}, Source: "api"},
			engineProfileModel{Settings: settings(map[string]string{"token": "dapi-123", "host": "h"})},
			settings(map[string]string{"token": "dapi-123", "host": "h"}), types.ObjectNull(engineLimitsTypes)},
		{"a masked secret on import stays masked",
			client.EngineProfile{Name: "p", Type: "databricks", Settings: map[string]string{"token": "***"}, Source: "api"},
			engineProfileModel{}, settings(map[string]string{"token": "***"}), types.ObjectNull(engineLimitsTypes)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			state := engineProfileFromAPI(c.api, c.prior)
			if !state.Settings.Equal(c.wantSettings) || !state.Limits.Equal(c.wantLimits) {
				t.Errorf("settings %s limits %s; want %s %s", state.Settings, state.Limits, c.wantSettings, c.wantLimits)
			}
			if !state.Description.IsNull() || !state.Error.IsNull() || !state.CreatedAt.IsNull() {
				t.Errorf("description %s error %s created_at %s: want null, as the API left them out", state.Description, state.Error, state.CreatedAt)
			}
		})
	}
	request := engineProfileRequest(engineProfileModel{Name: types.StringValue("p"), Type: types.StringValue("local"),
		Settings: types.MapNull(types.StringType), Description: types.StringNull()})
	if request.Settings == nil || len(request.Settings) != 0 || request.Description != nil {
		t.Errorf("request %+v: want settings sent as {} (a PUT replaces them all), no description", request)
	}
}

func TestWarmPoolMapping(t *testing.T) {
	for value, want := range map[string]int64{"PT30M": 1800, "P1D": 86400, "PT24H": 86400, "pt1h30m": 5400, "PT45S": 45, "P1DT1S": 86401} {
		if got, ok := isoSeconds(value); !ok || got != want {
			t.Errorf("isoSeconds(%q) = %d, %v; want %d", value, got, ok, want)
		}
	}
	for _, value := range []string{"", "P", "PT", "30M", "PT1.5S", "P1W", "1h"} {
		if _, ok := isoSeconds(value); ok {
			t.Errorf("isoSeconds(%q) took it", value)
		}
	}

	memory := "2g"
	api := client.WarmPool{Name: "p", Workspace: "w", Profile: "local", Size: 1, IdleTTL: "PT24H", Workers: 1, Source: "api",
		Resources: client.WarmPoolResources{Executor: &client.WarmPoolShape{Memory: &memory}}}
	prior := warmPoolModel{IdleTTL: types.StringValue("P1D"), ExecutorMemory: types.StringValue("2G")}
	state := warmPoolFromAPI(api, prior)
	if state.IdleTTL.ValueString() != "P1D" || state.ExecutorMemory.ValueString() != "2G" {
		t.Errorf("the configuration's spelling of the same values is kept: %v %v", state.IdleTTL, state.ExecutorMemory)
	}
	api.IdleTTL = "PT2H"
	if state := warmPoolFromAPI(api, prior); state.IdleTTL.ValueString() != "PT2H" {
		t.Errorf("a changed idle TTL is the API's: %v", state.IdleTTL)
	}
	if state := warmPoolFromAPI(api, warmPoolModel{}); state.IdleTTL.ValueString() != "PT2H" || state.ExecutorMemory.ValueString() != "2g" {
		t.Errorf("an import takes the API's values: %v %v", state.IdleTTL, state.ExecutorMemory)
	}
}
