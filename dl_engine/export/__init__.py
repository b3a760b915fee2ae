"""What leaves the app: the experiment as JSON, its weights as safetensors, and a PyTorch script.

Above training (it reads experiments and runs), below ui (the page's Export box offers these files).
"""
