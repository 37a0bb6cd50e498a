package client

import (
	"context"
	"net/url"
)

// The sources of a warm pool: the control plane's configuration (sparkplane.warm-pools.<name>.*), which the API
// cannot change, or the API.
const (
	WarmPoolSourceAPI           = "api"
	WarmPoolSourceConfiguration = "configuration"
)

// WarmPoolRequest is the body of POST /api/v1/warm-pools and PUT /api/v1/warm-pools/{name} (the whole
// definition both times; a field left out takes its default).
type WarmPoolRequest struct {
	Name      string             `json:"name,omitempty"`
	Workspace string             `json:"workspace"`
	Profile   string             `json:"profile"`
	Size      *int64             `json:"size,omitempty"`
	IdleTTL   *string            `json:"idleTtl,omitempty"`
	Workers   *int64             `json:"workers,omitempty"`
	Resources *WarmPoolResources `json:"resources,omitempty"`
}

// WarmPoolResources are a warm cluster's driver and executor shapes.
type WarmPoolResources struct {
	Driver   *WarmPoolShape `json:"driver,omitempty"`
	Executor *WarmPoolShape `json:"executor,omitempty"`
}

// WarmPoolShape is a driver's or an executor's cores and memory (a Spark memory size such as 1g).
type WarmPoolShape struct {
	Cores  *int64  `json:"cores,omitempty"`
	Memory *string `json:"memory,omitempty"`
}

// WarmPool is the API's WarmPool: the definition with its defaults filled in, and what the pool holds now.
type WarmPool struct {
	Name      string            `json:"name"`
	Workspace string            `json:"workspace"`
	Profile   string            `json:"profile"`
	Size      int64             `json:"size"`
	IdleTTL   string            `json:"idleTtl"`
	Workers   int64             `json:"workers"`
	Resources WarmPoolResources `json:"resources"`
	Source    string            `json:"source"`
	Status    WarmPoolStatus    `json:"status"`
}

// WarmPoolStatus is what a pool holds now.
type WarmPoolStatus struct {
	Starting int64 `json:"starting"`
	Ready    int64 `json:"ready"`
	Hits     int64 `json:"hits"`
	Misses   int64 `json:"misses"`
}

func warmPoolPath(name string) string { return "/api/v1/warm-pools/" + url.PathEscape(name) }

func (c *Client) CreateWarmPool(ctx context.Context, request WarmPoolRequest) (*WarmPool, error) {
	var pool WarmPool
	return &pool, c.postJSON(ctx, "/api/v1/warm-pools", request, &pool)
}

// GetWarmPool reads a pool of either source.
func (c *Client) GetWarmPool(ctx context.Context, name string) (*WarmPool, error) {
	var pool WarmPool
	return &pool, c.getJSON(ctx, warmPoolPath(name), nil, &pool)
}

// UpdateWarmPool replaces a pool made through the API (409 for the configuration's). The name cannot change.
func (c *Client) UpdateWarmPool(ctx context.Context, name string, request WarmPoolRequest) (*WarmPool, error) {
	var pool WarmPool
	return &pool, c.putJSON(ctx, warmPoolPath(name), request, &pool)
}

// DeleteWarmPool deletes a pool made through the API (409 for the configuration's).
func (c *Client) DeleteWarmPool(ctx context.Context, name string) error {
	return c.deleteJSON(ctx, warmPoolPath(name))
}
