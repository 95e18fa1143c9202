/** The landlord's details live in the core (configuration reads them); the dialogs use them from there. */
export { defaultLandlord, landlordVars, LandlordSchema, type Landlord } from '../src/landlord.js';
