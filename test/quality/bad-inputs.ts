import { BadInput } from './bad-input-kit';
import { CLUSTER_BAD_INPUTS } from './cluster-bad-inputs';
import { DEPLOYMENT_BAD_INPUTS } from './deployment-bad-inputs';
import { EXISTING_LISTENER_BAD_INPUTS, INGRESS_BAD_INPUTS } from './ingress-bad-inputs';
import { IMPORTED_ROLE_BAD_INPUTS, REGISTRY_BAD_INPUTS, RELEASE_BAD_INPUTS } from './registry-bad-inputs';
import { SERVICE_BAD_INPUTS } from './service-bad-inputs';
import { SCALING_BAD_INPUTS, TASK_BAD_INPUTS } from './task-bad-inputs';

/**
 * The bad-input corpus of the earlier rounds, one file per concept (`registry-`, `cluster-`, `task-`,
 * `service-`, `deployment-`, `ingress-bad-inputs.ts`; the shape of a case and the builders the files
 * share are in `bad-input-kit.ts`). Later rounds keep files of their own (`more-`, `adopt-`,
 * `managed-bad-inputs.ts`). A new mistake goes into its concept's file.
 *
 * The cases keep the order in which the corpus grew: `npm run bad-inputs` prints them in this order.
 */
export const BAD_INPUTS: BadInput[] = [
  ...REGISTRY_BAD_INPUTS,
  ...CLUSTER_BAD_INPUTS,
  ...TASK_BAD_INPUTS,
  ...SERVICE_BAD_INPUTS,
  ...RELEASE_BAD_INPUTS,
  ...DEPLOYMENT_BAD_INPUTS,
  ...INGRESS_BAD_INPUTS,
  ...SCALING_BAD_INPUTS,
  ...EXISTING_LISTENER_BAD_INPUTS,
  ...IMPORTED_ROLE_BAD_INPUTS,
];
