// What a group type is called on screen when the project has not chosen a display name.

export function defaultDisplaySingular(groupTypeName: string): string {
  return groupTypeName;
}

/** A plain English plural ("company" → "companies", "account" → "accounts"); projects can override it. */
export function defaultDisplayPlural(groupTypeName: string): string {
  if (/[^aeiou]y$/i.test(groupTypeName)) return `${groupTypeName.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(groupTypeName)) return `${groupTypeName}es`;
  return `${groupTypeName}s`;
}
