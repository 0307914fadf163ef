// What fields each object of the fake org has, and how SOQL field paths resolve against them.
// Salesforce resolves names case-insensitively and answers with their own spelling; a field that
// does not exist fails the whole query with 400 INVALID_FIELD, a missing object with INVALID_TYPE.

export interface ObjectSchema {
  name: string;
  /** Lower-case name -> the field's own spelling. */
  fields: Map<string, string>;
  /** Lower-case relationship name -> the related object's fields. */
  relationships: Map<string, ObjectSchema>;
}

export type SchemaError = { errorCode: 'INVALID_FIELD' | 'INVALID_TYPE'; message: string };

export function emptyObjectSchema(name: string): ObjectSchema {
  return { name, fields: new Map([['id', 'Id']]), relationships: new Map() };
}

/** Standard objects an org always has, with the fields every test may rely on. */
export function standardObjects(): Map<string, ObjectSchema> {
  const objects = new Map<string, ObjectSchema>();
  for (const name of ['Account', 'Contact', 'Lead', 'Opportunity', 'User']) {
    const schema = emptyObjectSchema(name);
    schema.fields.set('name', 'Name');
    objects.set(name.toLowerCase(), schema);
  }
  return objects;
}

const isNested = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every key of a record is a field of its object; a nested object is a relationship. */
export function learnFields(schema: ObjectSchema, record: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes') continue;
    if (isNested(value)) {
      const related = schema.relationships.get(key.toLowerCase()) ?? { ...emptyObjectSchema(key), fields: new Map() };
      learnFields(related, value);
      schema.relationships.set(key.toLowerCase(), related);
    } else if (!schema.relationships.has(key.toLowerCase())) {
      schema.fields.set(key.toLowerCase(), key);
    }
  }
}

/** Declares fields by path (Industry, Owner.Name) that no record needs to hold. */
export function defineFields(schema: ObjectSchema, paths: string[]): void {
  for (const path of paths) {
    const parts = path.split('.');
    let current = schema;
    for (const part of parts.slice(0, -1)) {
      const related = current.relationships.get(part.toLowerCase()) ?? {
        ...emptyObjectSchema(part),
        fields: new Map(),
      };
      current.relationships.set(part.toLowerCase(), related);
      current = related;
    }
    current.fields.set(parts.at(-1)!.toLowerCase(), parts.at(-1)!);
  }
}

/** The path in Salesforce's own spelling, or the error Salesforce answers for it. */
export function resolveFieldPath(schema: ObjectSchema, path: string): string[] | SchemaError {
  const parts = path.split('.');
  const resolved: string[] = [];
  let current = schema;
  for (const [index, part] of parts.entries()) {
    if (index < parts.length - 1) {
      const related = current.relationships.get(part.toLowerCase());
      if (!related) {
        return {
          errorCode: 'INVALID_FIELD',
          message: `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        };
      }
      resolved.push(related.name);
      current = related;
      continue;
    }
    const field = current.fields.get(part.toLowerCase());
    if (!field) {
      return {
        errorCode: 'INVALID_FIELD',
        message: `No such column '${part}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      };
    }
    resolved.push(field);
  }
  return resolved;
}

export function unknownObject(name: string): SchemaError {
  return {
    errorCode: 'INVALID_TYPE',
    message: `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  };
}

/** The part of a describe result tests look at: the object's name and its fields. */
export function describeObject(schema: ObjectSchema) {
  const fields = [...schema.fields.values()].map((name) => ({
    name,
    type: name === 'Id' ? 'id' : 'string',
    nillable: name !== 'Id',
  }));
  const references = [...schema.relationships.values()].map((related) => ({
    name: `${related.name}Id`,
    type: 'reference',
    relationshipName: related.name,
    nillable: true,
  }));
  return { name: schema.name, queryable: true, fields: [...fields, ...references] };
}
