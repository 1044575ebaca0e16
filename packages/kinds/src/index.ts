// One file per kind (or family of kinds); each is re-exported here. Kinds are data: a name, a zod
// schema for `meta`, a parent, and how a literal path of that kind is ingested.
export {};
