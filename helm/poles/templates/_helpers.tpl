{{/* The release's name prefix, at most 63 characters. */}}
{{- define "poles.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Every object's labels; a component's add poles.componentLabels. */}}
{{- define "poles.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* A component's own labels: (dict "component" "server" "group" "tenant"). */}}
{{- define "poles.componentLabels" -}}
app.kubernetes.io/component: {{ .component }}
{{- if .group }}
poles.quebec/server-group: {{ .group }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "server" "group" "tenant"). */}}
{{- define "poles.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- if .group }}
poles.quebec/server-group: {{ .group }}
{{- end }}
{{- end -}}

{{- define "poles.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "poles.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "poles.image" -}}
{{- printf "%s:%s" .Values.image.repository .Values.image.tag -}}
{{- end -}}

{{/* Every service poles-server can host (server/main.cc --services). */}}
{{- define "poles.allServices" -}}
admin,plans,events,directories,funding,fiscal_years
{{- end -}}

{{/* The services the gateway reads (summaries, fiscal years, public pages). */}}
{{- define "poles.gatewayServices" -}}
plans,events,directories,funding,fiscal_years
{{- end -}}

{{/*
The server Deployments as a YAML list of {name, resourceName, services}:
one "server" entry in combined mode, one per split.deployments entry in split
mode. Fails on a service hosted twice or not at all.
*/}}
{{- define "poles.serverGroups" -}}
{{- $full := include "poles.fullname" . -}}
{{- if eq .Values.server.mode "combined" -}}
- name: server
  resourceName: {{ printf "%s-server" $full }}
  services: {{ splitList "," (include "poles.allServices" .) | toJson }}
{{- else -}}
{{- $seen := dict -}}
{{- range $d := .Values.server.split.deployments -}}
{{- range $s := $d.services -}}
{{- if hasKey $seen $s -}}
{{- fail (printf "server.split.deployments: service %q is hosted by both %q and %q" $s (get $seen $s) $d.name) -}}
{{- end -}}
{{- $_ := set $seen $s $d.name -}}
{{- end }}
- name: {{ $d.name }}
  resourceName: {{ printf "%s-server-%s" $full $d.name }}
  services: {{ $d.services | toJson }}
  {{- with $d.replicas }}
  replicas: {{ . }}
  {{- end }}
  {{- with $d.resources }}
  resources: {{ . | toJson }}
  {{- end }}
  {{- with $d.servicesTarget }}
  servicesTarget: {{ . | quote }}
  {{- end }}
{{- end -}}
{{- range $s := splitList "," (include "poles.allServices" .) -}}
{{- if not (hasKey $seen $s) -}}
{{- fail (printf "server.split.deployments: no deployment hosts the %q service" $s) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
The gateway's --server: gateway.serverTarget, else the Service of the server
Deployment hosting every service the gateway reads (one target today).
*/}}
{{- define "poles.gatewayServerTarget" -}}
{{- if .Values.gateway.serverTarget -}}
{{- .Values.gateway.serverTarget -}}
{{- else -}}
{{- $needed := splitList "," (include "poles.gatewayServices" .) -}}
{{- $target := "" -}}
{{- range $g := include "poles.serverGroups" . | fromYamlArray -}}
{{- $missing := false -}}
{{- range $s := $needed -}}
{{- if not (has $s $g.services) -}}{{- $missing = true -}}{{- end -}}
{{- end -}}
{{- if and (not $missing) (not $target) -}}
{{- $target = printf "dns:///%s.%s.svc:%d" $g.resourceName $.Release.Namespace (int $.Values.server.grpcPort) -}}
{{- end -}}
{{- end -}}
{{- if not $target -}}
{{- fail "gateway: no server deployment hosts all of plans, events, directories, funding and fiscal_years; set gateway.serverTarget" -}}
{{- end -}}
{{- $target -}}
{{- end -}}
{{- end -}}

{{/*
The gateway's --admin-server: gateway.adminServerTarget, else in split mode
the Service of the server Deployment hosting the admin service (keys,
tenants, sign-in, the team) when it is not the gateway's --server; empty
otherwise.
*/}}
{{- define "poles.gatewayAdminTarget" -}}
{{- if .Values.gateway.adminServerTarget -}}
{{- .Values.gateway.adminServerTarget -}}
{{- else if ne .Values.server.mode "combined" -}}
{{- $server := include "poles.gatewayServerTarget" . -}}
{{- range $g := include "poles.serverGroups" . | fromYamlArray -}}
{{- if has "admin" $g.services -}}
{{- $target := printf "dns:///%s.%s.svc:%d" $g.resourceName $.Release.Namespace (int $.Values.server.grpcPort) -}}
{{- if ne $target $server -}}{{- $target -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The pod-level securityContext of the "restricted" Pod Security Standard. */}}
{{- define "poles.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container-level securityContext of the "restricted" profile. */}}
{{- define "poles.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The binaries refuse plaintext beyond loopback without --insecure-plaintext:
(dict "root" $). With TLS on every port is TLS (the gateway's HTTP port
serves HTTPS with its certificate) but the health-only one, which carries
no key and needs no flag. The flag allows plaintext, it never turns TLS off.
*/}}
{{- define "poles.plaintextArgs" -}}
{{- if not .root.Values.tls.enabled -}}
{{- if not .root.Values.tls.insecurePlaintext -}}
{{- fail "tls.enabled is false: turn TLS on, or set tls.insecurePlaintext to serve gRPC in clear on the pod network" -}}
{{- end }}
- --insecure-plaintext
{{- end -}}
{{- end -}}

{{/*
With TLS on, the plaintext health-only port the probes read (the kubelet's
gRPC probe speaks no TLS): its flag, and its container port.
*/}}
{{- define "poles.healthArgs" -}}
{{- if .Values.tls.enabled }}
- --health-listen=0.0.0.0:{{ .Values.probes.healthPort }}
{{- end }}
{{- end -}}

{{- define "poles.healthPort" -}}
{{- if .Values.tls.enabled }}
- name: health
  containerPort: {{ .Values.probes.healthPort }}
  protocol: TCP
{{- end }}
{{- end -}}

{{/*
Liveness and readiness: the kubelet's native gRPC probe of the health
service, on the gRPC port when it is plaintext, on the health-only port when
it serves TLS. (dict "root" $ "port" 50051).
*/}}
{{- define "poles.probes" -}}
{{- $p := .root.Values.probes -}}
{{- range $kind := list "readinessProbe" "livenessProbe" }}
{{ $kind }}:
  grpc:
    port: {{ ternary $p.healthPort $.port $.root.Values.tls.enabled }}
  initialDelaySeconds: {{ $p.initialDelaySeconds }}
  periodSeconds: {{ $p.periodSeconds }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  failureThreshold: {{ $p.failureThreshold }}
{{- end }}
{{- end -}}

{{/* libpq's CA for the database's certificate (database.caSecret). */}}
{{- define "poles.databaseCaEnv" -}}
{{- if .Values.database.caSecret }}
- name: PGSSLROOTCERT
  value: /etc/poles/database-ca/ca.crt
{{- end }}
{{- end -}}

{{- define "poles.databaseCaMount" -}}
{{- if .Values.database.caSecret }}
- name: database-ca
  mountPath: /etc/poles/database-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "poles.databaseCaVolume" -}}
{{- if .Values.database.caSecret }}
- name: database-ca
  secret:
    secretName: {{ .Values.database.caSecret }}
    defaultMode: 0440
    items:
      - key: ca.crt
        path: ca.crt
{{- end }}
{{- end -}}

{{/* NetworkPolicy egress rules: the cluster DNS, and the PostgreSQL server. */}}
{{- define "poles.egressDns" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}

{{- define "poles.egressDatabase" -}}
- to:
    - ipBlock:
        cidr: {{ .Values.networkPolicy.database.cidr }}
  ports:
    - port: {{ .Values.networkPolicy.database.port }}
      protocol: TCP
{{- end -}}
