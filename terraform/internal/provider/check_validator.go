package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
	_ "time/tzdata" // time zones are checked with the provider's own copy of the IANA database, not the machine's

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// checkValidator is a string validator from a function: the error it returns is the diagnostic's detail.
type checkValidator struct {
	description string
	check       func(string) error
}

func (v checkValidator) Description(_ context.Context) string         { return v.description }
func (v checkValidator) MarkdownDescription(_ context.Context) string { return v.description }

func (v checkValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.description, err.Error())
	}
}

func timeZoneValidator() validator.String {
	return checkValidator{"IANA time zone", func(value string) error {
		if _, err := time.LoadLocation(value); err != nil || value == "" || value == "Local" {
			return fmt.Errorf("%q is not an IANA time zone id such as UTC or Europe/Berlin", value)
		}
		return nil
	}}
}

func rfc3339Validator() validator.String {
	return checkValidator{"RFC 3339 time", func(value string) error {
		if _, err := time.Parse(time.RFC3339Nano, value); err != nil {
			return fmt.Errorf("%q is not an RFC 3339 time such as 2026-12-01T00:00:00Z", value)
		}
		return nil
	}}
}

func intervalValidator() validator.String {
	return checkValidator{"interval", func(value string) error {
		duration, err := parseISODuration(value)
		if err != nil {
			return err
		}
		switch {
		case duration < time.Minute || duration > 366*24*time.Hour:
			return fmt.Errorf("%q is not from PT1M to P366D", value)
		case duration%time.Second != 0:
			return fmt.Errorf("%q is not a whole number of seconds", value)
		}
		return nil
	}}
}

var cronPattern = regexp.MustCompile(`^(\S+( \S+){4}|@hourly|@daily|@weekly|@monthly|@yearly)$`)

// cronValidator checks the shape of a cron expression (five fields, or a macro); the control plane checks
// each field and answers 400 naming `cron`.
func cronValidator() validator.String {
	return checkValidator{"cron expression", func(value string) error {
		if !cronPattern.MatchString(value) || len(value) > 200 {
			return fmt.Errorf("%q is not a 5-field Unix cron expression (minute hour day-of-month month day-of-week, one space apart, such as \"30 2 * * *\") nor @hourly, @daily, @weekly, @monthly or @yearly", value)
		}
		return nil
	}}
}

var isoDurationPattern = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// parseISODuration reads the ISO-8601 durations the API takes (java.time.Duration's: days, hours, minutes,
// seconds), such as PT15M or P1DT12H.
func parseISODuration(value string) (time.Duration, error) {
	match := isoDurationPattern.FindStringSubmatch(value)
	if match == nil || value == "P" || value == "PT" || value[len(value)-1] == 'T' {
		return 0, fmt.Errorf("%q is not an ISO-8601 duration such as PT15M, PT1H or P1D", value)
	}
	var total time.Duration
	for index, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if match[index+1] != "" {
			number, err := strconv.ParseInt(match[index+1], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%q: %w", value, err)
			}
			total += time.Duration(number) * unit
		}
	}
	if match[4] != "" {
		seconds, err := strconv.ParseFloat(match[4], 64)
		if err != nil {
			return 0, fmt.Errorf("%q: %w", value, err)
		}
		total += time.Duration(seconds * float64(time.Second))
	}
	return total, nil
}
