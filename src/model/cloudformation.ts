/**
 * The CloudFormation pieces both commands write, the same way: the generator renders them into its
 * templates, add-tracing inserts them into the user's. The layer's ARN per region (a Mapping), the Rules
 * assertion that stops a deploy where the layer is not published, and the managed policies a role needs.
 */
import { BASE_POLICIES } from '../shared/catalog.js';
import type { LayerSource, TracingPieces } from '../tracing/index.js';

type MappedLayer = Extract<LayerSource, { kind: 'mapping' }>;

/** An AWS managed policy's ARN, in the partition the stack is deployed to (for !Sub / Fn::Sub). */
export const managedPolicyArn = (name: string) => `arn:\${AWS::Partition}:iam::aws:policy/${name}`;

/** The managed policies a function's own role needs: X-Ray write (every role), then the flavor's. */
export const rolePolicies = (pieces: Pick<TracingPieces, 'managedPolicies'>): string[] => [...BASE_POLICIES, ...pieces.managedPolicies];

/** The regions a mapped layer is published in, in the catalog's order. */
export const layerRegions = (layer: MappedLayer): string[] => Object.keys(layer.arns);

/** The start of what a deploy to a region without the layer says; the regions and a full stop follow. */
export const layerRegionLead = (description: string): string => `The ${description} is not published in this region. Deploy to one of:`;

/** What a deploy to a region without the layer says (the Rules assertion's AssertDescription). */
export const layerRegionMessage = (layer: MappedLayer): string => `${layerRegionLead(layer.description)} ${layerRegions(layer).join(', ')}.`;

/** The Mapping: region -> { Arn }. */
export const layerMapping = (layer: MappedLayer): Record<string, { Arn: string }> =>
  Object.fromEntries(Object.entries(layer.arns).map(([region, arn]) => [region, { Arn: arn }]));

/** The Rules entry: the stack's region must be one the layer is published in. */
export const layerRule = (layer: MappedLayer) => ({
  Assertions: [{ Assert: { 'Fn::Contains': [layerRegions(layer), { Ref: 'AWS::Region' }] }, AssertDescription: layerRegionMessage(layer) }],
});
