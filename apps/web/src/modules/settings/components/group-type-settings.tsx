'use client';
// Group types (display names and the property that names a group) and which Segment traits of a
// `group` call name the type and key of a group.
import { type FormEvent, useState } from 'react';
import { SetSegmentTraitsDocument, UpdateGroupTypeDocument } from '@/generated/graphql';
import { formatInteger } from '@/lib/format';
import { useGraphqlMutation } from '@/lib/graphql-mutation';
import { EmptyView } from '@/components/state-views';
import { SavedNotice } from './saved-notice';

interface GroupTypeRow {
  name: string;
  displaySingular: string;
  displayPlural: string;
  nameProperty: string;
  groupCount: number;
}

export function GroupTypeSettings({ groupTypes, onSaved }: { groupTypes: GroupTypeRow[]; onSaved(): void }) {
  if (!groupTypes.length) {
    return (
      <EmptyView title="No group types yet">
        <p>A group type appears with the first event that carries a group (for example a company).</p>
      </EmptyView>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data-table group-type-settings">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Groups</th>
            <th scope="col">Singular</th>
            <th scope="col">Plural</th>
            <th scope="col">Name property</th>
            <th scope="col">
              <span className="visually-hidden">Save</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {groupTypes.map((groupType) => (
            <GroupTypeRowForm key={groupType.name} groupType={groupType} onSaved={onSaved} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GroupTypeRowForm({ groupType, onSaved }: { groupType: GroupTypeRow; onSaved(): void }) {
  const [singular, setSingular] = useState(groupType.displaySingular);
  const [plural, setPlural] = useState(groupType.displayPlural);
  const [nameProperty, setNameProperty] = useState(groupType.nameProperty);
  const [saved, setSaved] = useState(false);
  const save = useGraphqlMutation(UpdateGroupTypeDocument);
  const formId = `group-type-${groupType.name}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await save.run({
      name: groupType.name,
      displaySingular: singular,
      displayPlural: plural,
      nameProperty,
    });
    if (result) {
      setSaved(true);
      onSaved();
    }
  };
  const edited = () => setSaved(false);
  return (
    <tr data-group-type={groupType.name}>
      <th scope="row">
        <code>{groupType.name}</code>
      </th>
      <td>{formatInteger(groupType.groupCount)}</td>
      <td>
        <input
          form={formId}
          aria-label={`Singular name of ${groupType.name}`}
          value={singular}
          onChange={(event) => {
            setSingular(event.target.value);
            edited();
          }}
        />
      </td>
      <td>
        <input
          form={formId}
          aria-label={`Plural name of ${groupType.name}`}
          value={plural}
          onChange={(event) => {
            setPlural(event.target.value);
            edited();
          }}
        />
      </td>
      <td>
        <input
          form={formId}
          aria-label={`Name property of ${groupType.name}`}
          value={nameProperty}
          required
          onChange={(event) => {
            setNameProperty(event.target.value);
            edited();
          }}
        />
      </td>
      <td>
        <form id={formId} onSubmit={submit}>
          <button type="submit" className="button" disabled={save.isPending}>
            Save
          </button>
        </form>
        <SavedNotice error={save.error} saved={saved} />
      </td>
    </tr>
  );
}

export function SegmentTraitsForm({
  groupTypeTrait,
  groupValueTrait,
  onSaved,
}: {
  groupTypeTrait: string;
  groupValueTrait: string | null;
  onSaved(): void;
}) {
  const [typeTrait, setTypeTrait] = useState(groupTypeTrait);
  const [valueTrait, setValueTrait] = useState(groupValueTrait ?? '');
  const [saved, setSaved] = useState(false);
  const save = useGraphqlMutation(SetSegmentTraitsDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save.run({ groupTypeTrait: typeTrait, groupValueTrait: valueTrait.trim() || null })) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Segment group traits">
      <fieldset>
        <legend>Segment group calls</legend>
        <label>
          Group type trait{' '}
          <input
            name="segment-type-trait"
            value={typeTrait}
            required
            onChange={(event) => {
              setTypeTrait(event.target.value);
              setSaved(false);
            }}
          />
        </label>{' '}
        <label>
          Group key trait{' '}
          <input
            name="segment-value-trait"
            value={valueTrait}
            placeholder="(groupId)"
            onChange={(event) => {
              setValueTrait(event.target.value);
              setSaved(false);
            }}
          />
        </label>
      </fieldset>
      <p className="hint">
        <code>analytics.group(groupId, traits)</code>: the type comes from this trait (a call without it gets the type{' '}
        <code>[Segment] Group</code>), the key from <code>groupId</code> unless a key trait is named.
      </p>
      <button type="submit" className="button" disabled={save.isPending}>
        Save Segment traits
      </button>
      <SavedNotice error={save.error} saved={saved} />
    </form>
  );
}
