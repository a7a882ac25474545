import { registry } from "@web/core/registry";

/**
 * The end of a job in the background (smart.data.job), told by the server on
 * the bus: a notification whose button opens the job's result (the records
 * uploaded, the rejected rows, the file made, or the job's errors), asked of
 * the server when clicked, so that only a user who may read the job opens it.
 */
export const smartDataJobNotificationService = {
    dependencies: ["action", "bus_service", "notification", "orm"],

    start(env, { action, bus_service, notification, orm }) {
        bus_service.subscribe(
            "smart_data_job_notification",
            ({ message, sticky, title, type, job_id, button }) => {
                const buttons = button
                    ? [
                          {
                              name: button,
                              primary: true,
                              onClick: async () => {
                                  close();
                                  const result = await orm.call(
                                      "smart.data.job",
                                      "action_open_result",
                                      [[job_id]]
                                  );
                                  await action.doAction(result);
                              },
                          },
                      ]
                    : [];
                const close = notification.add(message, {
                    sticky,
                    title,
                    type,
                    buttons,
                    className: "o_smart_data_job_notification",
                });
            }
        );
    },
};

registry.category("services").add("smart_data_job_notification", smartDataJobNotificationService);
