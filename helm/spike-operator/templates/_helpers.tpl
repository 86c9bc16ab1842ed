{{/*
Names, labels and the RBAC rules shared by the templates.
*/}}

{{/* The chart name, at most 63 characters. */}}
{{- define "spike-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's full name: the release name alone when it already contains the chart name, so that
`helm install spike-operator ...` gives `spike-operator`, not `spike-operator-spike-operator`.
*/}}
{{- define "spike-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "spike-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "spike-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "spike-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "spike-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: spike
{{- end }}

{{- define "spike-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "spike-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "spike-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
RBAC rules for the namespaced resources of a watched namespace. Least privilege: exactly the verbs
the reconciler and its dependents use; no Secrets, no Pods, no ConfigMaps.
*/}}
{{- define "spike-operator.namespacedRules" -}}
- apiGroups: ["spike.ist"]
  resources: ["spikeclusters"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["spike.ist"]
  resources: ["spikeclusters/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["spike.ist"]
  resources: ["spikeclusters/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
RBAC rules for cluster-scoped resources: whether the SPIRE controller manager's ClusterSPIFFEID
CRD exists, and the ClusterSPIFFEIDs of spire.registerIdentities.
*/}}
{{- define "spike-operator.clusterScopedRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["clusterspiffeids.spire.spiffe.io"]
  verbs: ["get"]
- apiGroups: ["spire.spiffe.io"]
  resources: ["clusterspiffeids"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
