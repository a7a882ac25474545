import { stepUtils } from "@web_tour/tour_utils";

/**
 * Steps shared by the tours of the Smart CRM addons.
 */

/** Open the item ``menuXmlid`` of the Smart CRM menu section ``sectionXmlid``, from inside the app. */
export function smartMenuSteps(sectionXmlid, menuXmlid, description) {
    return [
        {
            trigger: `button[data-menu-xmlid='${sectionXmlid}']`,
            run: "click",
        },
        {
            content: description,
            trigger: `a[data-menu-xmlid='${menuXmlid}']`,
            run: "click",
        },
    ];
}

/** Open the Smart CRM app from the home screen, then the item ``menuXmlid`` of the section ``sectionXmlid``. */
export function openSmartMenuSteps(sectionXmlid, menuXmlid, description) {
    return [
        ...stepUtils.goToAppSteps("crm_smart_base.menu_smart_root", "Open the Smart CRM app"),
        ...smartMenuSteps(sectionXmlid, menuXmlid, description),
    ];
}
