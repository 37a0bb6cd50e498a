package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"

	"github.com/sparkplane/terraform-provider-sparkplane/internal/client"
)

// apiErrorDiagnostic turns a failed call into a diagnostic: the summary says what the provider was doing, the
// detail carries the API's problem document with each invalid field by its path in the request
// (`template.args[1]: ...`), so that a 400 says which attribute to fix.
func apiErrorDiagnostic(action string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(action, problemDetail(err))
}

// problemDetail is the text of an error for a diagnostic's detail; pure, table-tested.
func problemDetail(err error) string {
	var apiError *client.APIError
	if !errors.As(err, &apiError) {
		return err.Error()
	}
	var text strings.Builder
	fmt.Fprintf(&text, "The control plane answered %d", apiError.Status)
	if apiError.Title != "" {
		fmt.Fprintf(&text, " (%s)", apiError.Title)
	}
	fmt.Fprintf(&text, " to %s %s", apiError.Method, apiError.Path)
	if apiError.Detail != "" {
		fmt.Fprintf(&text, ": %s", apiError.Detail)
	}
	if len(apiError.Errors) > 0 {
		text.WriteString("\n\nInvalid fields of the request:")
		for _, field := range apiError.Errors {
			fmt.Fprintf(&text, "\n  - %s: %s", field.Field, field.Message)
		}
	}
	return text.String()
}

// configuredClient is the client the provider's Configure made, for a resource's or data source's Configure;
// nil before the provider is configured (validation runs first).
func configuredClient(data any, diagnostics *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	api, ok := data.(*client.Client)
	if !ok {
		diagnostics.AddError("Unexpected provider data", fmt.Sprintf("expected *client.Client, got %T; this is a bug in the provider", data))
		return nil
	}
	return api
}

var _ provider.Provider = &sparkplaneProvider{}
