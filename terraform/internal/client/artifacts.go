package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
)

// Artifact is a content-addressed file in a workspace's staging.
type Artifact struct {
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	Workspace   string `json:"workspace"`
	URI         string `json:"uri"`
	Ref         string `json:"ref"`
	StoredBytes int64  `json:"storedBytes"`
}

// UploadArtifact streams a local file to POST /api/v1/artifacts?workspace=..&name=..; the same bytes again
// store nothing (200 instead of 201). The caller's context bounds it, since a file may be large.
func (c *Client) UploadArtifact(ctx context.Context, workspace, name, path string) (*Artifact, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	query := url.Values{"workspace": {workspace}, "name": {name}}
	var artifact Artifact
	err = c.do(ctx, http.MethodPost, "/api/v1/artifacts", query, "application/octet-stream", file, info.Size(), &artifact)
	return &artifact, err
}

// GetArtifact looks an artifact up by its hash in a workspace's staging: 404 when it is not there.
func (c *Client) GetArtifact(ctx context.Context, workspace, sha256 string) (*Artifact, error) {
	var artifact Artifact
	return &artifact, c.getJSON(ctx, "/api/v1/artifacts/sha256/"+url.PathEscape(sha256), url.Values{"workspace": {workspace}}, &artifact)
}
