/** The customer's nation from the postcode, and what follows from it (docs/rules/nations.md). */
export { divisionOf, nations, outwardCode, placePostcode, type Nation, type PostcodePlace } from './postcode.js';
export { NationService, placeCustomer, type NationPlacement, type NationPort } from './customer-nation.js';
export { ombudsmanFor, ombudsmanIds, ombudsmanNation, ombudsmanVars, type OmbudsmanId } from './ombudsman.js';
