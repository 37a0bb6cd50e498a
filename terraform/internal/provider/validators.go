package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The API's own rules (api-spec/openapi.yaml), checked at plan time so that a typo fails before any call.
var (
	workspaceIDPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	backendPattern     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,62}$`)
	// a profile made through the API also ends with a letter or digit (EngineProfileRequest.name)
	engineProfileNamePattern = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)
	memoryPattern            = regexp.MustCompile(`^[1-9][0-9]{0,6}[mMgG]$`)
	mainClassPattern         = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)
	labelKeyPattern          = regexp.MustCompile(`^[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?$`)
	parameterPattern         = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)
	sparkConfPattern         = regexp.MustCompile(`^spark\.`)
	artifactNameRegexp       = regexp.MustCompile(`^[A-Za-z0-9._+=-]{1,255}$`)
)

func workspaceIDValidator() validator.String {
	return stringvalidator.RegexMatches(workspaceIDPattern, "must be a DNS label: 1 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit")
}

func backendValidator() validator.String {
	return stringvalidator.RegexMatches(backendPattern, "must be an engine profile name: a lower-case letter, then lower-case letters, digits and dashes")
}

func engineProfileNameValidator() validator.String {
	return stringvalidator.RegexMatches(engineProfileNamePattern, "must be 1 to 63 lower-case letters, digits and dashes, starting with a letter and ending with a letter or digit")
}

func memoryValidator() validator.String {
	return stringvalidator.RegexMatches(memoryPattern, "must be memory in Spark's notation, a whole number of mebibytes or gibibytes such as 512m or 2g")
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
