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
RBAC rules for the namespaced resources of a watched namespace. Least privilege: exactly the requests
the operator sends (RbacCoverageIT checks every one against these rules, and fails on a verb no request
needs); no Secrets, no Pods, no ConfigMaps. With server-side apply every write is a patch (an apply);
without it, children are created and updated, and the status is replaced.
*/}}
{{- define "spike-operator.namespacedRules" -}}
# The spec is the user's: the operator reads SpikeClusters and patches only metadata.finalizers.
- apiGroups: ["spike.ist"]
  resources: ["spikeclusters"]
  verbs: [{{ if not .Values.serverSideApply }}"get", {{ end }}"list", "watch", "patch"]
- apiGroups: ["spike.ist"]
  resources: ["spikeclusters/status"]
  verbs: [{{ if .Values.serverSideApply }}"patch"{{ else }}"update"{{ end }}]
- apiGroups: ["apps"]
  resources: ["statefulsets"]
  verbs: ["list", "watch", {{ include "spike-operator.childWrites" . }}]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", {{ include "spike-operator.childWrites" . }}]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", {{ include "spike-operator.childWrites" . }}, "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", {{ include "spike-operator.childWrites" . }}]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/*
How children are written: applied (patch), or created and replaced. Never deleted (garbage collection
does that), but for the Pilot Deployment, which goes when spec.pilot.enabled turns false.
*/}}
{{- define "spike-operator.childWrites" -}}
{{- if .Values.serverSideApply }}"patch"{{ else }}"create", "update"{{ end }}
{{- end }}

{{/*
RBAC rules for cluster-scoped resources: whether the SPIRE controller manager's ClusterSPIFFEID
CRD exists, and the ClusterSPIFFEIDs of spire.registerIdentities (read, created, edited in place with
a patch — a Pilot role switch is one —, deleted one by one).
*/}}
{{- define "spike-operator.clusterScopedRules" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["clusterspiffeids.spire.spiffe.io"]
  verbs: ["get"]
- apiGroups: ["spire.spiffe.io"]
  resources: ["clusterspiffeids"]
  verbs: ["get", "list", "create", "patch", "delete"]
{{- end }}
