import { featureModules } from '../modules/registry.ts';

/** Every table's entity, from the modules that own them (src/modules/registry.ts). */
export const entities = featureModules.flatMap((module) => ('entities' in module ? [...module.entities!] : []));
