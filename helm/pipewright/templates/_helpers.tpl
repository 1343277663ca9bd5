{{/* Full name of the release's objects. */}}
{{- define "pipewright.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "pipewright.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Labels that select the service's pods. */}}
{{- define "pipewright.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: service
{{- end -}}

{{/* Labels that select the operator's pods. */}}
{{- define "pipewright.operatorSelectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{/* True (non-empty) when the service runs, or may run, more than one replica. */}}
{{- define "pipewright.multiReplica" -}}
{{- if or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled -}}true{{- end -}}
{{- end -}}

{{/* The data directory is a volume claim only for one replica; several replicas share PostgreSQL, never a ReadWriteOnce volume. */}}
{{- define "pipewright.dataClaim" -}}
{{- if and .Values.persistence.enabled (not (include "pipewright.multiReplica" .)) -}}true{{- end -}}
{{- end -}}

{{- define "pipewright.serviceAccountName" -}}
{{- default (include "pipewright.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Stops the install with a clear message on values that cannot work. */}}
{{- define "pipewright.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.database.existingSecret) -}}
{{- fail "replicaCount > 1 needs PostgreSQL: set database.existingSecret (SQLite serves one replica only)" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (not .Values.database.existingSecret) -}}
{{- fail "autoscaling.enabled needs PostgreSQL: set database.existingSecret (SQLite serves one replica only)" -}}
{{- end -}}
{{- if and (include "pipewright.multiReplica" .) .Values.database.existingSecret (not .Values.secretKey.existingSecret) -}}
{{- fail "several replicas need one key for stored git credentials: set secretKey.existingSecret (a Secret with key: 32 random bytes in base64)" -}}
{{- end -}}
{{- if and .Values.jenkins.url (not .Values.jenkins.existingSecret) -}}
{{- fail "jenkins.url needs jenkins.existingSecret: a Secret with the Jenkins user's API token under token" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- fail (printf "autoscaling.maxReplicas (%d) is below autoscaling.minReplicas (%d)" (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.minReplicas) 1) -}}
{{- fail "autoscaling.minReplicas must be at least 1" -}}
{{- end -}}
{{- if not (has .Values.topologySpread.whenUnsatisfiable (list "ScheduleAnyway" "DoNotSchedule")) -}}
{{- fail (printf "topologySpread.whenUnsatisfiable %q is not one of ScheduleAnyway, DoNotSchedule" .Values.topologySpread.whenUnsatisfiable) -}}
{{- end -}}
{{- if and .Values.metrics.dashboard.enabled (not .Values.metrics.dashboard.labels) -}}
{{- fail "metrics.dashboard.labels is empty: Grafana's sidecar finds dashboards by label (usually grafana_dashboard: \"1\")" -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.enabled needs ingress.host" -}}
{{- end -}}
{{- if not (has .Values.logLevel (list "fatal" "error" "warn" "info" "debug" "silent")) -}}
{{- fail (printf "logLevel %q is not one of fatal, error, warn, info, debug, silent" .Values.logLevel) -}}
{{- end -}}
{{- if and .Values.operator.enabled (lt (int .Values.operator.replicaCount) 1) -}}
{{- fail "operator.replicaCount must be at least 1 when operator.enabled (set operator.enabled=false to run no operator)" -}}
{{- end -}}
{{- if not (has .Values.operator.sidecarMode (list "auto" "native" "shared-volume")) -}}
{{- fail (printf "operator.sidecarMode %q is not one of auto, native, shared-volume" .Values.operator.sidecarMode) -}}
{{- end -}}
{{- if and .Values.operator.enabled (not .Values.operator.collector.image) -}}
{{- fail "operator.collector.image is required: every test pod runs the collector sidecar" -}}
{{- end -}}
{{- if hasKey .Values "postgresql" -}}
{{- fail "postgresql.* was renamed: put the PostgreSQL URL in a Secret and set database.existingSecret" -}}
{{- end -}}
{{- end -}}
