// Checks the form's field names against the object's describe result. API names are matched
// case-insensitively, as SOQL does. A path (Owner.Name) is checked up to its relationship: the
// related object's own fields would need a describe of their own.
import type { SalesforceObjectFieldsQuery } from '@/generated/graphql';

type ObjectDescription = SalesforceObjectFieldsQuery['salesforceObjectFields'];

export interface FieldCheck {
  /** Where the field is used: "Match field", "Name field", "Mapping 2". */
  place: string;
  field: string;
  known: boolean;
  detail: string;
}

export function checkField(description: ObjectDescription, place: string, field: string): FieldCheck {
  const parts = field.trim().split('.');
  if (parts.length === 1) {
    const found = description.fields.find((candidate) => candidate.name.toLowerCase() === field.trim().toLowerCase());
    return found
      ? { place, field, known: true, detail: `${found.label} (${found.type})` }
      : { place, field, known: false, detail: `${description.name} has no field ${field}.` };
  }
  const relationship = description.fields.find(
    (candidate) => candidate.relationshipName?.toLowerCase() === parts[0]!.toLowerCase(),
  );
  return relationship
    ? {
        place,
        field,
        known: true,
        detail: `through ${relationship.name}; the fields of the related record are not checked here`,
      }
    : { place, field, known: false, detail: `${description.name} has no relationship ${parts[0]}.` };
}

export function checkFields(
  description: ObjectDescription,
  fields: { matchField: string; nameField: string; fieldMappings: Array<{ field: string }> },
): FieldCheck[] {
  const checks = [checkField(description, 'Match field', fields.matchField)];
  if (fields.nameField.trim()) checks.push(checkField(description, 'Name field', fields.nameField));
  fields.fieldMappings.forEach((mapping, index) => {
    if (mapping.field.trim()) checks.push(checkField(description, `Mapping ${index + 1}`, mapping.field));
  });
  return checks;
}
