package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// artifactModel is sparkplane_artifact's state.
type artifactModel struct {
	ID        types.String   `tfsdk:"id"`
	Workspace types.String   `tfsdk:"workspace"`
	Source    types.String   `tfsdk:"source"`
	Name      types.String   `tfsdk:"name"`
	SHA256    types.String   `tfsdk:"sha256"`
	Size      types.Int64    `tfsdk:"size"`
	Ref       types.String   `tfsdk:"ref"`
	URI       types.String   `tfsdk:"uri"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

// fileDigest is a local file's SHA-256 (lower-case hex, as the API names artifacts) and size.
func fileDigest(path string) (string, int64, error) {
	file, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()
	hash := sha256.New()
	size, err := io.Copy(hash, file)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(hash.Sum(nil)), size, nil
}

// artifactRef is what a run names to use an artifact under a file name, as the API forms it.
func artifactRef(sha256, name string) string {
	return "artifact:sha256:" + sha256 + "/" + name
}

// artifactID is the resource's id and import id: `<workspace>/<sha256>/<name>`.
func artifactID(workspace, sha256, name string) string {
	return workspace + "/" + sha256 + "/" + name
}

// parseArtifactID splits an import id `<workspace>/<sha256>/<name>`.
func parseArtifactID(id string) (workspace, sha256, name string, err error) {
	parts := strings.SplitN(id, "/", 3)
	if len(parts) != 3 || !workspaceIDPattern.MatchString(parts[0]) || !sha256Pattern.MatchString(parts[1]) || !artifactNameRegexp.MatchString(parts[2]) {
		return "", "", "", fmt.Errorf("expected <workspace>/<sha256>/<name>, such as default/%s/job.py, not %q", strings.Repeat("0", 64), id)
	}
	return parts[0], parts[1], parts[2], nil
}

// artifactFromAPI is the state for the API's artifact under the name the resource gives it, keeping the
// prior's source (a local path the API does not know) and timeouts.
func artifactFromAPI(api client.Artifact, name string, prior artifactModel) artifactModel {
	return artifactModel{
		ID:        types.StringValue(artifactID(api.Workspace, api.SHA256, name)),
		Workspace: types.StringValue(api.Workspace),
		Source:    prior.Source,
		Name:      types.StringValue(name),
		SHA256:    types.StringValue(api.SHA256),
		Size:      types.Int64Value(api.Size),
		Ref:       types.StringValue(artifactRef(api.SHA256, name)),
		URI:       types.StringValue(api.URI),
		Timeouts:  prior.Timeouts,
	}
}
