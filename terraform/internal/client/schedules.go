package client

import (
	"context"
	"net/url"
)

// ScheduleRequest is the body of POST /api/v1/schedules and PUT /api/v1/schedules/{id}: exactly one of
// Cron and Interval.
type ScheduleRequest struct {
	Job            string             `json:"job"`
	Cron           *string            `json:"cron,omitempty"`
	TimeZone       *string            `json:"timeZone,omitempty"`
	Interval       *string            `json:"interval,omitempty"`
	StartAt        *string            `json:"startAt,omitempty"`
	Paused         *bool              `json:"paused,omitempty"`
	CatchUp        *string            `json:"catchUp,omitempty"`
	MaxCatchUpRuns *int64             `json:"maxCatchUpRuns,omitempty"`
	Parameters     *map[string]string `json:"parameters,omitempty"`
	Description    *string            `json:"description,omitempty"`
}

// Schedule is a schedule as the API answers it, with its defaults filled in and its next fire times.
type Schedule struct {
	ID             string            `json:"id"`
	Workspace      string            `json:"workspace"`
	Job            string            `json:"job"`
	Cron           *string           `json:"cron,omitempty"`
	TimeZone       *string           `json:"timeZone,omitempty"`
	Interval       *string           `json:"interval,omitempty"`
	StartAt        *string           `json:"startAt,omitempty"`
	Paused         bool              `json:"paused"`
	CatchUp        string            `json:"catchUp"`
	MaxCatchUpRuns *int64            `json:"maxCatchUpRuns,omitempty"`
	Parameters     map[string]string `json:"parameters,omitempty"`
	Description    *string           `json:"description,omitempty"`
	NextFireTimes  []string          `json:"nextFireTimes"`
	LastFireTime   *string           `json:"lastFireTime,omitempty"`
	LastRunID      *string           `json:"lastRunId,omitempty"`
	CreatedAt      string            `json:"createdAt"`
	UpdatedAt      string            `json:"updatedAt"`
}

func schedulePath(id string) string { return "/api/v1/schedules/" + url.PathEscape(id) }

func (c *Client) CreateSchedule(ctx context.Context, request ScheduleRequest) (*Schedule, error) {
	var schedule Schedule
	return &schedule, c.postJSON(ctx, "/api/v1/schedules", request, &schedule)
}

func (c *Client) GetSchedule(ctx context.Context, id string) (*Schedule, error) {
	var schedule Schedule
	return &schedule, c.getJSON(ctx, schedulePath(id), nil, &schedule)
}

func (c *Client) UpdateSchedule(ctx context.Context, id string, request ScheduleRequest) (*Schedule, error) {
	var schedule Schedule
	return &schedule, c.putJSON(ctx, schedulePath(id), request, &schedule)
}

func (c *Client) DeleteSchedule(ctx context.Context, id string) error {
	return c.deleteJSON(ctx, schedulePath(id))
}
