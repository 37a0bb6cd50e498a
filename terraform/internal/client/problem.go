package client

import (
	"encoding/json"
	"fmt"
	"strings"
)

// APIError is an error answer of the API: an RFC 9457 problem document, with the offending field paths
// of the request in Errors (`template.args[1]`, `quotas.maxQueuedRuns`, `query:limit`).
type APIError struct {
	Method string
	Path   string
	Status int
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors"`
}

// FieldError is one invalid input of a request.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ParseProblem reads an error answer. A body that is not a problem document (a proxy's HTML page) still
// gives an APIError, with the start of the body as its detail.
func ParseProblem(method, path string, status int, body []byte) *APIError {
	problem := &APIError{}
	if err := json.Unmarshal(body, problem); err != nil || (problem.Title == "" && problem.Detail == "") {
		problem = &APIError{Detail: strings.TrimSpace(truncate(string(body), 500))}
	}
	problem.Method, problem.Path, problem.Status = method, path, status
	return problem
}

// Error is one line: what was called, the status, the title and detail, and each field error.
func (e *APIError) Error() string {
	var text strings.Builder
	fmt.Fprintf(&text, "%s %s answered %d", e.Method, e.Path, e.Status)
	if e.Title != "" {
		fmt.Fprintf(&text, " %s", e.Title)
	}
	if e.Detail != "" && e.Detail != e.Title {
		fmt.Fprintf(&text, ": %s", e.Detail)
	}
	for _, field := range e.Errors {
		fmt.Fprintf(&text, "; %s: %s", field.Field, field.Message)
	}
	return text.String()
}

func truncate(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	return text[:limit] + "..."
}
