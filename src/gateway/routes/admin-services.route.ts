/** `/v1/admin/services`: create, list, read and change services with their settings and providers. */
import { createService, getServiceOrFail, listServices, updateService } from '../../db/service.repository.ts';
import { duplicatesContactField } from '../../domain/catalog/customer-fields.ts';
import { AppError } from '../../errors.ts';
import type { GatewayDeps } from '../deps.ts';
import { presentService } from '../presenters/catalog.presenter.ts';
import { defineRoute, type AnyRoute } from '../route.ts';
import { ZService, ZServiceList } from '../schemas/catalog-responses.schemas.ts';
import { ZCreateService, ZIdParams, ZUpdateService } from '../schemas/catalog.schemas.ts';

const tags = ['admin', 'services'];

/**
 * Refuses intake questions that ask for the customer's phone or e-mail again: the booking has one phone
 * (`customer.phone`, the number SMS reminders use) and one e-mail, made required and labelled through
 * `customerFields`. Each offending question is named at `body.intakeFields.<i>`.
 */
function refuseContactDuplicates(fields: readonly { type: string; label: string }[] | undefined): void {
  const errors = (fields ?? []).flatMap((f, i) => {
    const dup = duplicatesContactField(f);
    if (!dup) return [];
    const builtIn = dup === 'phone' ? 'phone' : 'e-mail';
    return [
      { path: `body.intakeFields.${i}`, message: `asks for the customer's ${builtIn}: use the built-in ${builtIn} field (customerFields.${dup}) instead` },
    ];
  });
  if (errors.length > 0) {
    throw new AppError(
      'intake_duplicates_contact',
      `An intake question asks for the customer's phone or e-mail: make the built-in field required and set its label (customerFields) instead.`,
      { errors },
    );
  }
}

export function adminServiceRoutes(deps: GatewayDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/v1/admin/services',
      summary: 'Create a service offered by the given providers',
      tags,
      auth: 'admin',
      errors: ['intake_duplicates_contact'],
      body: ZCreateService,
      responses: { 201: { description: 'The service', schema: ZService } },
      async handler({ body }, _req, reply) {
        refuseContactDuplicates(body.intakeFields);
        reply.status(201);
        return presentService(await createService(deps.db, body));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/services',
      summary: 'List services, by name (active or not)',
      tags,
      auth: 'admin',
      responses: { 200: { description: 'All services', schema: ZServiceList } },
      async handler() {
        return { services: (await listServices(deps.db)).map(presentService) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/services/:id',
      summary: 'Read a service',
      tags,
      auth: 'admin',
      errors: ['not_found'],
      params: ZIdParams,
      responses: { 200: { description: 'The service', schema: ZService } },
      async handler({ params }) {
        return presentService(await getServiceOrFail(deps.db, params.id));
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/admin/services/:id',
      summary: 'Change a service; absent fields stay, `providerIds` / `intakeFields` replace the whole list',
      tags,
      auth: 'admin',
      errors: ['not_found', 'intake_duplicates_contact'],
      params: ZIdParams,
      body: ZUpdateService,
      responses: { 200: { description: 'The changed service', schema: ZService } },
      async handler({ params, body }) {
        refuseContactDuplicates(body.intakeFields);
        return presentService(await updateService(deps.db, params.id, body));
      },
    }),
  ];
}
