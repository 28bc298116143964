/**
 * The part of Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1) that k8s/ may use,
 * transcribed from the CRD's OpenAPI schema. kubernetes-models has no model for CRDs; this type
 * gives the manifest test the same unknown-field and type checks as the core kinds get.
 */
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

type Duration = `${number}${'ms' | 's' | 'm' | 'h'}`;

export interface ServiceMonitorEndpoint {
  port?: string;
  targetPort?: string | number;
  path?: string;
  scheme?: 'http' | 'https';
  interval?: Duration;
  scrapeTimeout?: Duration;
  honorLabels?: boolean;
  params?: Record<string, string[]>;
}

export interface ServiceMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: IObjectMeta;
  spec: {
    selector: ILabelSelector;
    endpoints: ServiceMonitorEndpoint[];
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    jobLabel?: string;
    podTargetLabels?: string[];
    targetLabels?: string[];
  };
}
