{{/* The chart's name, or nameOverride; 63 characters is the DNS label limit names must fit. */}}
{{- define "sparkplane.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: a release called after the chart is not named twice. */}}
{{- define "sparkplane.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "sparkplane.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selects the control plane's pods; never change it on upgrade, a Deployment's selector is immutable. */}}
{{- define "sparkplane.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sparkplane.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: control-plane
{{- end }}

{{- define "sparkplane.labels" -}}
helm.sh/chart: {{ include "sparkplane.chart" . }}
{{ include "sparkplane.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: sparkplane
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sparkplane.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sparkplane.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "sparkplane.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "sparkplane.engineImage" -}}
{{- printf "%s:%s" .Values.engine.image.repository (default .Chart.AppVersion .Values.engine.image.tag) }}
{{- end }}

{{/*
Every namespace engine clusters may be in, one a line: the listed ones (else the release
namespace), then each workspace's. Each gets the Role, and the control plane watches each.
*/}}
{{- define "sparkplane.engineNamespaces" -}}
{{- $listed := .Values.engine.namespaces | default (list .Release.Namespace) }}
{{- $workspaces := values .Values.engine.workspaceNamespaces | sortAlpha }}
{{- join "\n" (concat $listed $workspaces | uniq) }}
{{- end }}

{{/* Where engine clusters go unless their workspace has a namespace of its own: the first listed. */}}
{{- define "sparkplane.engineNamespace" -}}
{{- .Values.engine.namespaces | default (list .Release.Namespace) | first }}
{{- end }}

{{/* Engine pods call back through the Service, so any replica may answer a launcher. */}}
{{- define "sparkplane.engineApiUrl" -}}
{{- if .Values.engine.apiUrl }}
{{- .Values.engine.apiUrl }}
{{- else }}
{{- printf "http://%s.%s.svc:%v" (include "sparkplane.fullname" .) .Release.Namespace .Values.service.port }}
{{- end }}
{{- end }}

{{/* The engine pods' label the backend sets (EngineLabels.MANAGED_BY); the network policy lets them in. */}}
{{- define "sparkplane.enginePodLabels" -}}
app.kubernetes.io/managed-by: sparkplane
{{- end }}

{{/* The Secret with the bootstrap admin token's secret: the user's, or the one the chart makes. */}}
{{- define "sparkplane.bootstrapTokenSecret" -}}
{{- if .Values.auth.bootstrapToken.existingSecret }}
{{- .Values.auth.bootstrapToken.existingSecret }}
{{- else }}
{{- printf "%s-bootstrap-token" (include "sparkplane.fullname" . | trunc 46 | trimSuffix "-") }}
{{- end }}
{{- end }}

{{/* Where a Prometheus that finds pods by annotation scrapes the control plane (metrics.podAnnotations); none when off. */}}
{{- define "sparkplane.scrapeAnnotations" -}}
{{- if .Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: "8080"
prometheus.io/path: /q/metrics
{{- end }}
{{- end }}
