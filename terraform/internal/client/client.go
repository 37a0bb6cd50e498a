// Package client is a small Go client of the Sparkplane REST API (/api/v1), written for the Terraform
// provider: one file per API resource (workspaces, tokens, artifacts, jobs, schedules, runs, engine profiles),
// each with the JSON types of its contract (api-spec/openapi.yaml) and its calls.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// RequestTimeout bounds one JSON call. Uploads are bounded by their caller's context instead (an artifact
// may be large), so the HTTP client itself has no overall timeout.
const RequestTimeout = 2 * time.Minute

// Client calls one control plane with one bearer token.
type Client struct {
	baseURL   *url.URL
	token     string
	userAgent string
	http      *http.Client
}

// New checks the host (an http or https URL) and returns a client of it.
func New(host, token, userAgent string) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(host, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("host must be an http:// or https:// URL such as http://127.0.0.1:8080, not %q", host)
	}
	return &Client{baseURL: base, token: token, userAgent: userAgent, http: &http.Client{}}, nil
}

// Host is the control plane's URL as configured.
func (c *Client) Host() string { return c.baseURL.String() }

// getJSON, postJSON, putJSON, patchJSON and deleteJSON are the calls every resource file uses: a JSON body
// (or none), a JSON answer decoded into out (or ignored when out is nil), problem+json errors as *APIError.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	return c.doJSON(ctx, http.MethodGet, path, query, "", nil, out)
}

func (c *Client) postJSON(ctx context.Context, path string, body, out any) error {
	return c.doJSON(ctx, http.MethodPost, path, nil, "application/json", body, out)
}

func (c *Client) putJSON(ctx context.Context, path string, body, out any) error {
	return c.doJSON(ctx, http.MethodPut, path, nil, "application/json", body, out)
}

// patchJSON sends a JSON merge patch (RFC 7396): a field left out is unchanged, a null one cleared.
func (c *Client) patchJSON(ctx context.Context, path string, body, out any) error {
	return c.doJSON(ctx, http.MethodPatch, path, nil, "application/merge-patch+json", body, out)
}

func (c *Client) deleteJSON(ctx context.Context, path string) error {
	return c.doJSON(ctx, http.MethodDelete, path, nil, "", nil, nil)
}

func (c *Client) doJSON(ctx context.Context, method, path string, query url.Values, contentType string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, RequestTimeout)
	defer cancel()
	var reader io.Reader
	if body != nil {
		encoded, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encoding the request to %s %s: %w", method, path, err)
		}
		reader = bytes.NewReader(encoded)
	}
	return c.do(ctx, method, path, query, contentType, reader, -1, out)
}

// do sends one request and decodes its answer; length is the body's size when known (-1 otherwise).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, contentType string, body io.Reader, length int64, out any) error {
	// the API's path after the host's own (a control plane may be served under a prefix); path comes escaped
	target := *c.baseURL
	unescaped, err := url.PathUnescape(path)
	if err != nil {
		return err
	}
	prefix := strings.TrimRight(c.baseURL.EscapedPath(), "/")
	target.Path, target.RawPath = strings.TrimRight(c.baseURL.Path, "/")+unescaped, prefix+path
	target.RawQuery = query.Encode()
	request, err := http.NewRequestWithContext(ctx, method, target.String(), body)
	if err != nil {
		return err
	}
	if length >= 0 {
		request.ContentLength = length
	}
	request.Header.Set("Authorization", "Bearer "+c.token)
	request.Header.Set("Accept", "application/json, application/problem+json")
	request.Header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		request.Header.Set("Content-Type", contentType)
	}
	response, err := c.http.Do(request)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, target.Redacted(), err)
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(response.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: reading the answer: %w", method, target.Redacted(), err)
	}
	if response.StatusCode >= 400 {
		return ParseProblem(method, target.Path, response.StatusCode, answer)
	}
	if out == nil || len(answer) == 0 {
		return nil
	}
	if err := json.Unmarshal(answer, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the JSON expected: %w", method, target.Path, err)
	}
	return nil
}

// IsNotFound tells whether err is the API's 404: the object does not exist (or the token may not see it).
func IsNotFound(err error) bool {
	var apiError *APIError
	return errors.As(err, &apiError) && apiError.Status == http.StatusNotFound
}

// IsUnknownWorkspace tells whether err is the API's 400 for a `workspace` query parameter naming no workspace
// (a deleted one, say): what was in it is gone too.
func IsUnknownWorkspace(err error) bool {
	var apiError *APIError
	if !errors.As(err, &apiError) || apiError.Status != http.StatusBadRequest {
		return false
	}
	for _, field := range apiError.Errors {
		if field.Field == "query:workspace" {
			return true
		}
	}
	return false
}
