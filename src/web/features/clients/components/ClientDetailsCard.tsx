import { useState } from 'react';
import type { Client } from '../../../../contracts/clients';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { Card } from '../../../components/PageHeader';
import type { SelectOption } from '../../../components/Select';
import { useToast } from '../../../components/Toast';
import { isApiError } from '../../../lib/api-client';
import { useClient } from '../api/use-client';
import { useUpdateClient } from '../api/use-update-client';
import { ClientDetails } from './ClientDetails';
import { ClientForm } from './ClientForm';

/**
 * The details panel with Edit. Saving sends the version the form started from; if someone else
 * saved first (409) the user is told and offered the fresh copy instead of silently overwriting.
 */
export function ClientDetailsCard({ client, staffOptions }: { client: Client; staffOptions: ReadonlyArray<SelectOption> }) {
  const [editing, setEditing] = useState(false);
  // The version the edit started from; the form is re-created when it changes.
  const [baseVersion, setBaseVersion] = useState(client.version);
  const update = useUpdateClient(client.id);
  const refresh = useClient(client.id);
  const toast = useToast();
  const conflict = isApiError(update.error) && update.error.status === 409;

  const startEditing = () => {
    update.reset();
    setBaseVersion(client.version);
    setEditing(true);
  };

  const reload = async () => {
    const fresh = await refresh.refetch();
    update.reset();
    if (fresh.data) setBaseVersion(fresh.data.version);
  };

  return (
    <Card
      title="Details"
      actions={
        editing ? null : (
          <Button size="sm" onPress={startEditing}>
            Edit details
          </Button>
        )
      }
    >
      {editing ? (
        <div className="stack">
          {conflict ? (
            <Alert
              tone="error"
              title="Someone else changed this client while you were editing"
              actions={
                <Button size="sm" variant="primary" onPress={() => void reload()} isPending={refresh.isFetching}>
                  Reload their changes
                </Button>
              }
            >
              Your changes were not saved. Reload to see the latest details, then make your changes again.
            </Alert>
          ) : null}
          <ClientForm
            key={baseVersion}
            client={client}
            staffOptions={staffOptions}
            submitLabel="Save changes"
            isPending={update.isPending}
            error={conflict ? null : update.error}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
            onSubmit={(body) =>
              update.mutate(
                { ...body, version: baseVersion },
                {
                  onSuccess: () => {
                    setEditing(false);
                    toast.show('Client details saved.');
                  },
                },
              )
            }
          />
        </div>
      ) : (
        <ClientDetails client={client} />
      )}
    </Card>
  );
}
