/** The abstention threshold a request may set for itself (shared by the request schemas). */
export const thresholdSchema = {
  type: 'number',
  minimum: 0,
  maximum: 1,
  description:
    'Abstain ("abstained": true, "label" = the fallback label) when the prediction scores under this threshold, ' +
    "on the bundle's abstain method (the top probability unless /health says otherwise). " +
    "Overrides the stage setting and the bundle's calibrated threshold for this request; 0 switches abstention off.",
} as const;
