package client

import (
	"context"
	"net/url"
)

// Token is an API token without its secret.
type Token struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description *string  `json:"description"`
	Prefix      string   `json:"prefix"`
	Role        string   `json:"role"`
	Workspaces  []string `json:"workspaces"`
	CreatedAt   string   `json:"createdAt"`
	LastUsedAt  *string  `json:"lastUsedAt"`
	ExpiresAt   *string  `json:"expiresAt"`
	// Secret is in the answer to the create only; the control plane keeps its hash.
	Secret string `json:"secret,omitempty"`
}

// CreateTokenRequest is POST /api/v1/tokens (admins only).
type CreateTokenRequest struct {
	Name             string   `json:"name"`
	Role             string   `json:"role"`
	Workspaces       []string `json:"workspaces,omitempty"`
	ExpiresInSeconds *int64   `json:"expiresInSeconds,omitempty"`
	Description      *string  `json:"description,omitempty"`
}

func tokenPath(id string) string { return "/api/v1/tokens/" + url.PathEscape(id) }

func (c *Client) CreateToken(ctx context.Context, request CreateTokenRequest) (*Token, error) {
	var token Token
	return &token, c.postJSON(ctx, "/api/v1/tokens", request, &token)
}

func (c *Client) GetToken(ctx context.Context, id string) (*Token, error) {
	var token Token
	return &token, c.getJSON(ctx, tokenPath(id), nil, &token)
}

// RevokeToken revokes at once; the API has no other way to change a token.
func (c *Client) RevokeToken(ctx context.Context, id string) error {
	return c.deleteJSON(ctx, tokenPath(id))
}
