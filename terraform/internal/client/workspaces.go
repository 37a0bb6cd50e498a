package client

import (
	"context"
	"net/url"
)

// Workspace is the API's Workspace: its own settings, or the control plane's where it set none.
type Workspace struct {
	ID              string          `json:"id"`
	DisplayName     *string         `json:"displayName"`
	StagingLocation string          `json:"stagingLocation"`
	AllowedSchemes  []string        `json:"allowedSchemes"`
	StoreProfile    string          `json:"storeProfile"`
	DefaultBackend  *string         `json:"defaultBackend"`
	Quotas          WorkspaceQuotas `json:"quotas"`
	Usage           WorkspaceUsage  `json:"usage"`
	CreatedAt       string          `json:"createdAt"`
}

// WorkspaceQuotas are limits; nil is no limit.
type WorkspaceQuotas struct {
	MaxActiveRuns *int64 `json:"maxActiveRuns"`
	MaxExecutors  *int64 `json:"maxExecutors"`
	MaxQueuedRuns *int64 `json:"maxQueuedRuns"`
}

// WorkspaceUsage is what a workspace uses now.
type WorkspaceUsage struct {
	QueuedRuns int64 `json:"queuedRuns"`
	ActiveRuns int64 `json:"activeRuns"`
	Executors  int64 `json:"executors"`
}

// CreateWorkspaceRequest is POST /api/v1/workspaces; a nil field takes the control plane's default.
type CreateWorkspaceRequest struct {
	ID              string           `json:"id"`
	StagingLocation *string          `json:"stagingLocation,omitempty"`
	AllowedSchemes  []string         `json:"allowedSchemes,omitempty"`
	StoreProfile    *string          `json:"storeProfile,omitempty"`
	DisplayName     *string          `json:"displayName,omitempty"`
	DefaultBackend  *string          `json:"defaultBackend,omitempty"`
	Quotas          *WorkspaceQuotas `json:"quotas,omitempty"`
}

func workspacePath(id string) string { return "/api/v1/workspaces/" + url.PathEscape(id) }

func (c *Client) CreateWorkspace(ctx context.Context, request CreateWorkspaceRequest) (*Workspace, error) {
	var workspace Workspace
	return &workspace, c.postJSON(ctx, "/api/v1/workspaces", request, &workspace)
}

func (c *Client) GetWorkspace(ctx context.Context, id string) (*Workspace, error) {
	var workspace Workspace
	return &workspace, c.getJSON(ctx, workspacePath(id), nil, &workspace)
}

// UpdateWorkspace sends a JSON merge patch: a key left out is unchanged, a key with nil cleared.
func (c *Client) UpdateWorkspace(ctx context.Context, id string, patch map[string]any) (*Workspace, error) {
	var workspace Workspace
	return &workspace, c.patchJSON(ctx, workspacePath(id), patch, &workspace)
}

func (c *Client) DeleteWorkspace(ctx context.Context, id string) error {
	return c.deleteJSON(ctx, workspacePath(id))
}
