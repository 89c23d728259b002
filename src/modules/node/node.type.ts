import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay's Node: every object with a global id can be fetched again with `node(id:)`. */
@InterfaceType({
  description: 'An object with a global id, refetchable through `node(id:)`.',
  resolveType: (value: { nodeType: string }) => value.nodeType,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global id.' })
  globalId: string;

  nodeType: string;
}
