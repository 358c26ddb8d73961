"""Recognizer stages, one module per concern; each exports ``recognize``. See korfacts.extractor.STAGES."""
