package client

import (
	"context"
	"net/url"
)

// The sources of an engine profile: the control plane's configuration (sparkplane.backends.<profile>.*), which
// the API cannot change, or the API.
const (
	EngineProfileSourceAPI           = "api"
	EngineProfileSourceConfiguration = "configuration"
)

// EngineProfileRequest is the body of POST /api/v1/engine-profiles and PUT /api/v1/engine-profiles/{name}
// (the whole definition both times: settings left out are none, a description left out is none).
type EngineProfileRequest struct {
	Name        string            `json:"name,omitempty"`
	Type        string            `json:"type"`
	Settings    map[string]string `json:"settings"`
	Description *string           `json:"description,omitempty"`
}

// EngineProfile is the API's EngineProfile. Settings are as given, but a secret one given as a plain value
// (not env:NAME or file:/path) reads "***".
type EngineProfile struct {
	Name        string               `json:"name"`
	Type        string               `json:"type"`
	Settings    map[string]string    `json:"settings"`
	Description *string              `json:"description"`
	Source      string               `json:"source"`
	Limits      *EngineProfileLimits `json:"limits"`
	Error       *string              `json:"error"`
	CreatedAt   *string              `json:"createdAt"`
	UpdatedAt   *string              `json:"updatedAt"`
}

// EngineProfileLimits is what a profile allows; the API leaves it out while the profile cannot take runs.
type EngineProfileLimits struct {
	MaxConcurrentRuns  int64 `json:"maxConcurrentRuns"`
	MaxExecutorsPerRun int64 `json:"maxExecutorsPerRun"`
}

func engineProfilePath(name string) string { return "/api/v1/engine-profiles/" + url.PathEscape(name) }

func (c *Client) CreateEngineProfile(ctx context.Context, request EngineProfileRequest) (*EngineProfile, error) {
	var profile EngineProfile
	return &profile, c.postJSON(ctx, "/api/v1/engine-profiles", request, &profile)
}

// GetEngineProfile reads a profile of either source.
func (c *Client) GetEngineProfile(ctx context.Context, name string) (*EngineProfile, error) {
	var profile EngineProfile
	return &profile, c.getJSON(ctx, engineProfilePath(name), nil, &profile)
}

// UpdateEngineProfile replaces a profile made through the API (409 for the configuration's, or for a change of
// type while runs on it have not ended). The name cannot change.
func (c *Client) UpdateEngineProfile(ctx context.Context, name string, request EngineProfileRequest) (*EngineProfile, error) {
	var profile EngineProfile
	return &profile, c.putJSON(ctx, engineProfilePath(name), request, &profile)
}

// DeleteEngineProfile deletes a profile made through the API (409 for the configuration's, while runs on it have
// not ended, or while a workspace runs on it by default).
func (c *Client) DeleteEngineProfile(ctx context.Context, name string) error {
	return c.deleteJSON(ctx, engineProfilePath(name))
}
